package io.dashinsights.insight;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.dashinsights.config.InsightsConfig;
import io.quarkiverse.langchain4j.jaxrsclient.JaxRsHttpClientBuilder;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
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

    public enum Provider {
        OLLAMA, OPENAI, NONE
    }

    static final String OLLAMA_URL = "http://localhost:11434";
    static final String OPENAI_COMPATIBLE_URL = "http://localhost:8000/v1";

    private final Provider provider;
    private final String model;
    private final String baseUrl;
    private final Lazy chosen;

    AiModels(InsightsConfig config, AiMetrics metrics) {
        InsightsConfig.Ai ai = config.ai();
        this.provider = parse(ai.provider());
        this.model = ai.model();
        this.baseUrl = ai.baseUrl().orElse(switch (provider) {
            case OLLAMA -> OLLAMA_URL;
            case OPENAI -> OPENAI_COMPATIBLE_URL;
            case NONE -> "";
        });
        // Checked now, so a missing key stops the start; the model itself (HTTP client, JSON mappers) is built on
        // the first explanation: nothing at startup waits for it.
        String key = provider == Provider.OPENAI ? openAiKey(ai) : null;
        this.chosen = new Lazy(() -> switch (provider) {
            case OLLAMA -> OllamaChatModel.builder().maxRetries(0)
                    .httpClientBuilder(new JaxRsHttpClientBuilder())
                    .baseUrl(baseUrl).modelName(model).timeout(ai.timeout())
                    .temperature(0.1).responseFormat(ResponseFormat.JSON).listeners(List.of(metrics)).build();
            case OPENAI -> OpenAiChatModel.builder().maxRetries(0)
                    .httpClientBuilder(new JaxRsHttpClientBuilder())
                    .baseUrl(baseUrl).apiKey(key).modelName(model)
                    .timeout(ai.timeout()).temperature(0.1).listeners(List.of(metrics)).build();
            case NONE -> new Disabled();
        });
    }

    private static Provider parse(String value) {
        try {
            return Provider.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("insights.ai.provider must be ollama, openai or none, was '" + value + "'");
        }
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
        return chosen.get();
    }

    /** Builds the model once, on first use. */
    private static final class Lazy {
        private final Supplier<ChatModel> build;
        private volatile ChatModel model;

        Lazy(Supplier<ChatModel> build) {
            this.build = build;
        }

        ChatModel get() {
            ChatModel m = model;
            if (m == null) {
                synchronized (this) {
                    m = model;
                    if (m == null) {
                        m = build.get();
                        model = m;
                    }
                }
            }
            return m;
        }
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
