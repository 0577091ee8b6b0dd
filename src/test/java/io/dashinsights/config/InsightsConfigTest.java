package io.dashinsights.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Modes are enums in the one @ConfigMapping, so a wrong value stops startup with the key and the allowed values
 * instead of failing at run time. Built with SmallRye Config, the same mapping validation Quarkus runs at startup.
 */
class InsightsConfigTest {

    private static InsightsConfig load(Map<String, String> properties) {
        // Quarkus registers its Duration converter ("60s") at startup; a bare SmallRye builder needs it named.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(InsightsConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(InsightsConfig.class);
    }

    @Test
    void unknownInvokerIsRefusedNamingTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> load(Map.of("insights.invoker", "bogus")))
                .hasMessageContaining("insights.invoker").hasMessageContaining("bogus")
                .hasMessageContaining("in-process").hasMessageContaining("http");
    }

    @Test
    void invokerIsReadInTheFormTheDocsUse() {
        assertThat(load(Map.of()).invoker().kind()).isEqualTo(InsightsConfig.Invoker.Kind.IN_PROCESS);
        assertThat(load(Map.of("insights.invoker", "http")).invoker().kind()).isEqualTo(InsightsConfig.Invoker.Kind.HTTP);
        assertThat(load(Map.of("insights.invoker", "in-process")).invoker().kind())
                .isEqualTo(InsightsConfig.Invoker.Kind.IN_PROCESS);
    }
}
