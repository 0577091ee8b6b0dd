package io.dashinsights.insight;

import io.dashinsights.config.InsightsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which configurations start and which are refused at startup. (Building a real model needs the Quarkus
 * container; the provider tests cover that.)
 */
class AiModelsTest {

    private static AiModels models(InsightsConfig.Ai.Provider provider, Optional<String> baseUrl, Optional<String> apiKey) {
        Map<String, Object> values = Map.of("provider", provider, "baseUrl", baseUrl, "model", "llama3",
                "apiKey", apiKey, "timeout", Duration.ofSeconds(20));
        InsightsConfig.Ai ai = (InsightsConfig.Ai) Proxy.newProxyInstance(AiModelsTest.class.getClassLoader(),
                new Class<?>[]{InsightsConfig.Ai.class}, (p, m, args) -> values.get(m.getName()));
        InsightsConfig config = (InsightsConfig) Proxy.newProxyInstance(AiModelsTest.class.getClassLoader(),
                new Class<?>[]{InsightsConfig.class}, (p, m, args) -> m.getName().equals("ai") ? ai : null);
        return new AiModels(config, new AiMetrics(new SimpleMeterRegistry()));
    }

    @Test
    void noneNeedsNoServerAndNoKey() {
        AiModels none = models(InsightsConfig.Ai.Provider.NONE, Optional.empty(), Optional.empty());

        assertThat(none.enabled()).isFalse();
        assertThat(none.provider()).isEqualTo(InsightsConfig.Ai.Provider.NONE);
    }

    @Test
    void refusesOpenAiWithoutAKey() {
        assertThatThrownBy(() -> models(InsightsConfig.Ai.Provider.OPENAI, Optional.of("https://api.openai.com/v1"),
                Optional.empty())).hasMessageContaining("INSIGHTS_AI_API_KEY");
        // An unknown provider ("gemini") is refused by the config mapping itself: InsightsConfigTest.
    }
}
