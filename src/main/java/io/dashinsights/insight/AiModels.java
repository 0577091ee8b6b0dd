package io.dashinsights.insight;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.config.InsightsConfig.Ai.Provider;
import io.quarkiverse.langchain4j.jaxrsclient.JaxRsHttpClientBuilder;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.function.Supplier;

/**
 * The chat model chosen at run time by {@code insights.ai.provider}, built here rather than by the
 * extension's configuration: the provider is a run-time choice while the extension's default provider is
 * fixed at build time, and the extension's Ollama model retries twice on its own (not configurable), which
 * would stack on our retry and stretch a timeout threefold. The HTTP client is the extension's
 * ({@link JaxRsHttpClientBuilder}), as for the models it builds. The AI services get the model through
 * {@link Selected}.
 */
@Startup
@Singleton
public class AiModels {

    static final String OLLAMA_URL = "http://localhost:11434";
    static final String OPENAI_COMPATIBLE_URL = "http://localhost:8000/v1";

    private final Provider provider;
    private final String model;
    private final String baseUrl;
    private final ChatModel chosen;
    private final AnswerFormatFallback answers;
    private final InsightsConfig.AnswerFormat configuredFormat;

    AiModels(InsightsConfig config, AiMetrics metrics) {
        InsightsConfig.Ai ai = config.ai();
        // An unknown provider never gets here: the config mapping refuses it at startup, naming the allowed values.
        this.provider = ai.provider();
        this.model = ai.model();
        this.baseUrl = ai.baseUrl().orElse(switch (provider) {
            case OLLAMA -> OLLAMA_URL;
            case OPENAI -> OPENAI_COMPATIBLE_URL;
            case NONE -> "";
        });
        // The answer's shape is asked of the server as quarkus-langchain4j configures its own models
        // (OllamaRecorder declares RESPONSE_FORMAT_JSON_SCHEMA; OpenAiRecorder maps chat-model.response-format
        // and strict-json-schema): the AI services then send AiInsight's schema, and AnswerFormatFallback
        // steps down to a weaker format for a server that refuses it.
        InsightsConfig.AnswerFormat format = ai.responseFormat() == null ? InsightsConfig.AnswerFormat.JSON_SCHEMA
                : ai.responseFormat();
        this.configuredFormat = format;
        this.answers = switch (provider) {
            case OLLAMA -> new AnswerFormatFallback(OllamaChatModel.builder().maxRetries(0)
                    .httpClientBuilder(new JaxRsHttpClientBuilder())
                    .baseUrl(baseUrl).modelName(model).timeout(ai.timeout()).temperature(0.1)
                    .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                    .listeners(List.of(metrics)).build(), format, baseUrl);
            case OPENAI -> new AnswerFormatFallback(OpenAiChatModel.builder().maxRetries(0)
                    .httpClientBuilder(new JaxRsHttpClientBuilder())
                    .baseUrl(baseUrl).apiKey(openAiKey(ai)).modelName(model)
                    .timeout(ai.timeout()).temperature(0.1).strictJsonSchema(true)
                    .listeners(List.of(metrics)).build(), format, baseUrl);
            case NONE -> null;
        };
        this.chosen = answers == null ? new Disabled() : answers;
    }

    /** Forgets the formats the server refused, as a restart would. */
    void forgetRefusedFormats() {
        if (answers != null) {
            answers.restartFrom(configuredFormat);
        }
    }

    /** The answer format asked of the server now, or null without a model. */
    public InsightsConfig.AnswerFormat answerFormat() {
        return answers == null ? null : answers.format();
    }

    /** Local OpenAI-compatible servers take any key; OpenAI itself needs a real one, so say so at startup. */
    private static String openAiKey(InsightsConfig.Ai ai) {
        if (ai.apiKey().isEmpty() && ai.baseUrl().orElse("").contains("api.openai.com")) {
            throw new IllegalArgumentException("insights.ai.api-key (INSIGHTS_AI_API_KEY) is required for "
                    + ai.baseUrl().get());
        }
        return ai.apiKey().orElse("not-needed");
    }

    public boolean enabled() {
        return provider != Provider.NONE;
    }

    public Provider provider() {
        return provider;
    }

    /** Who is credited for model-written text (published as tag {@code ai:<model>}). */
    public String author() {
        return model;
    }

    /** Where the model server is (for log messages; carries no secret). */
    public String baseUrl() {
        return baseUrl;
    }

    ChatModel chatModel() {
        return chosen;
    }

    /** Hands the chosen model to {@code @RegisterAiService}; instantiated by the extension, hence the lookup. */
    public static final class Selected implements Supplier<ChatModel> {
        @Override
        public ChatModel get() {
            return Arc.container().instance(AiModels.class).get().chatModel();
        }
    }

    /** Stands in when no provider is configured; the Explainer never calls it, so reaching it is a bug. */
    private static final class Disabled implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            throw new IllegalStateException("insights.ai.provider is none: no model to call");
        }
    }
}
