package io.dashinsights.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * A model server on a dynamic port, speaking either Ollama ({@code /api/chat}) or the OpenAI chat API
 * ({@code /v1/chat/completions}); init arg {@code provider} chooses which, and the matching
 * {@code insights.ai.*} settings point the application at it. Answers are shaped like the servers' real
 * non-streaming responses, with the content under test.
 */
public class LlmStandIn implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the running server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Server {
    }

    public static final String OPENAI_KEY = "test-openai-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer server;
    private String provider = "ollama";

    @Override
    public void init(Map<String, String> initArgs) {
        provider = initArgs.getOrDefault("provider", provider);
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(new SchemaAnsweringModel()));
        server.start();
        String url = "http://localhost:" + server.port();
        return provider.equals("openai")
                ? Map.of("insights.ai.provider", "openai", "insights.ai.base-url", url + "/v1",
                "insights.ai.api-key", OPENAI_KEY)
                : Map.of("insights.ai.provider", "ollama", "insights.ai.base-url", url);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(Server.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The chat endpoint of {@code provider}. */
    public static MappingBuilder chat(String provider) {
        return post(urlEqualTo(provider.equals("openai") ? "/v1/chat/completions" : "/api/chat"));
    }

    public static String path(String provider) {
        return provider.equals("openai") ? "/v1/chat/completions" : "/api/chat";
    }

    /** A complete, successful non-streaming answer whose assistant message is {@code content}. */
    public static ResponseDefinitionBuilder answer(String provider, String model, String content) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body(provider, model, content, "stop", null));
    }

    /**
     * A non-streaming answer that stopped at the server's token limit ({@code done_reason: "length"} from
     * Ollama, {@code finish_reason: "length"} from OpenAI-compatible servers), {@code content} being what
     * was generated until then.
     */
    public static ResponseDefinitionBuilder cutOff(String provider, String model, String content) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body(provider, model, content, "length", null));
    }

    /**
     * The model declining to answer. OpenAI's chat completion carries it in {@code message.refusal} with a
     * null {@code content} (openai/openai-openapi, ChatCompletionResponseMessage); Ollama has no such field,
     * so there the refusal is the message text itself.
     */
    public static ResponseDefinitionBuilder refusal(String provider, String model, String text) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(provider.equals("openai") ? body(provider, model, null, "stop", text)
                        : body(provider, model, text, "stop", null));
    }

    /**
     * The body of a non-streaming chat answer. Ollama's fields as in ollama/ollama api/types.go
     * (ChatResponse: model, created_at, message, done_reason, done, Metrics; read at commit 00a4cb26);
     * OpenAI's as in the chat completion object (id, object, created, model, choices[].finish_reason,
     * choices[].message.content/refusal, usage).
     */
    static String body(String provider, String model, String content, String finish, String refusal) {
        ObjectNode body = JSON.createObjectNode();
        if (provider.equals("openai")) {
            body.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1_764_270_000L)
                    .put("model", model);
            ObjectNode choice = body.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", finish);
            ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", content);
            if (refusal != null) {
                message.put("refusal", refusal);
            }
            body.putObject("usage").put("prompt_tokens", 412).put("completion_tokens", 96).put("total_tokens", 508);
        } else {
            body.put("model", model).put("created_at", "2026-11-27T19:00:00.000000Z");
            body.putObject("message").put("role", "assistant").put("content", content);
            body.put("done_reason", finish).put("done", true).put("total_duration", 4_935_886_791L)
                    .put("load_duration", 534_986_708L).put("prompt_eval_count", 412)
                    .put("prompt_eval_duration", 107_345_000L).put("eval_count", 96).put("eval_duration", 4_289_432_000L);
        }
        return body.toString();
    }
}
