package io.dashinsights.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
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

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private static InsightsConfig load(Map<String, String> properties) {
        // Quarkus registers its Duration converter ("60s") at startup; a bare SmallRye builder needs it named.
        // Bean Validation of the mapping as quarkus-hibernate-validator wires it at startup (a BeanValidationConfigValidator
        // over Hibernate Validator, with Expressly for the messages' EL as quarkus-hibernate-validator brings it).
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(InsightsConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
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

    @Test
    void unknownAiProviderIsRefusedNamingTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> load(Map.of("insights.ai.provider", "gemini")))
                .hasMessageContaining("insights.ai.provider").hasMessageContaining("gemini")
                .hasMessageContaining("ollama").hasMessageContaining("openai").hasMessageContaining("none");
    }

    @Test
    void unknownWebhookAuthIsRefusedNamingTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> load(Map.of("insights.alerts.auth", "digest")))
                .hasMessageContaining("insights.alerts.auth").hasMessageContaining("digest")
                .hasMessageContaining("basic").hasMessageContaining("bearer").hasMessageContaining("hmac");
    }

    @Test
    void providerAndWebhookAuthAreReadInTheFormTheDocsAndManifestsUse() {
        assertThat(load(Map.of()).ai().provider()).isEqualTo(InsightsConfig.Ai.Provider.NONE);
        assertThat(load(Map.of()).alerts().auth()).isEqualTo(InsightsConfig.Alerts.Auth.BEARER);
        assertThat(load(Map.of("insights.ai.provider", "ollama")).ai().provider()).isEqualTo(InsightsConfig.Ai.Provider.OLLAMA);
        assertThat(load(Map.of("insights.ai.provider", "openai")).ai().provider()).isEqualTo(InsightsConfig.Ai.Provider.OPENAI);
        assertThat(load(Map.of("insights.alerts.auth", "hmac")).alerts().auth()).isEqualTo(InsightsConfig.Alerts.Auth.HMAC);
        assertThat(load(Map.of("insights.alerts.auth", "none")).alerts().auth()).isEqualTo(InsightsConfig.Alerts.Auth.NONE);
    }

    @Test
    void numbersOutsideTheirRangeAreRefusedNamingTheKeyAndTheBound() {
        // A limit of 0 would block every call to the dependency for max-wait; before, DependencyLimits checked it by hand.
        assertThatThrownBy(() -> load(Map.of("insights.limits.grafana", "0")))
                .hasMessageContaining("insights.limits.grafana").hasMessageContaining("greater than 0");
        // "5" meant as 5 % would never annotate anything: the threshold is a ratio.
        assertThatThrownBy(() -> load(Map.of("insights.alerts.threshold", "5")))
                .hasMessageContaining("insights.alerts.threshold").hasMessageContaining("less than or equal to 1");
        // Prometheus answers at most 11,000 points per series.
        assertThatThrownBy(() -> load(Map.of("insights.prometheus.target-points", "20000")))
                .hasMessageContaining("insights.prometheus.target-points").hasMessageContaining("11000");
        assertThatThrownBy(() -> load(Map.of("insights.alerts.error-rate-query", " ")))
                .hasMessageContaining("insights.alerts.error-rate-query").hasMessageContaining("must not be blank");
    }

    @Test
    void defaultsAndBoundaryValuesPassValidation() {
        InsightsConfig c = load(Map.of("insights.limits.grafana", "1", "insights.alerts.threshold", "1",
                "insights.prometheus.target-points", "11000", "insights.limits.analysis-threads", "0"));
        assertThat(c.limits().grafana()).isEqualTo(1);
        assertThat(c.alerts().threshold()).isEqualTo(1.0);
        assertThat(load(Map.of()).limits().grafana()).isEqualTo(32);
    }
}
