package io.dashinsights.insight;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With the model server down, updates still get the template text, and soon without even trying the server. */
@QuarkusTest
@TestProfile(ModelDownTest.ServerDown.class)
class ModelDownTest {

    public static class ServerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.ai.provider", "ollama", "insights.ai.base-url", "http://localhost:" + closedPort(),
                    "insights.ai.circuit-window", "2", "insights.ai.circuit-failure-ratio", "1.0",
                    "insights.ai.circuit-delay", "10m");
        }

        private static int closedPort() {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    Explainer explainer;

    @Inject
    MeterRegistry registry;

    private double fallbacks(String reason) {
        var c = registry.find("insights.ai.fallbacks").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void retriesARefusedConnectionOnceThenStopsTryingUntilTheBreakerCloses() {
        Explanation first = explainer.anomaly("Checkout", "http_requests_total", InsightSamples.region());

        assertThat(first).isEqualTo(new TemplateWriter().anomaly("http_requests_total", InsightSamples.region()));
        assertThat(registry.find("insights.ai.failures").counters()).hasSize(1)
                .allSatisfy(c -> assertThat(c.count()).isEqualTo(2.0));
        assertThat(fallbacks("error")).isEqualTo(1.0);

        long start = System.nanoTime();
        Explanation second = explainer.trend("Checkout", InsightSamples.trendUp(), java.time.Duration.ofDays(1));

        assertThat(second.author()).isEqualTo(TemplateWriter.AUTHOR);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(200);
        assertThat(fallbacks("circuit-open")).isEqualTo(1.0);
    }
}
