package io.dashinsights.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.domain.Investigation;
import io.dashinsights.investigation.InvestigationRequest;
import io.dashinsights.investigation.Investigator;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time the investigation adds per incident, run by {@code bench/investigation.sh} against a real Prometheus
 * with a backfilled history; windows slide over the history so no two investigations ask the same thing.
 */
@Tag("bench")
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(InvestigationBenchmark.RealPrometheus.class)
class InvestigationBenchmark {

    public static class RealPrometheus implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.prometheus.url", System.getProperty("e2e.prometheus.url", "http://127.0.0.1:9"),
                    "insights.investigation.timeout", "30s");
        }
    }

    @StandIns.Server
    WireMockServer grafana;

    @Inject
    Investigator investigator;

    @Test
    void investigationLatencyPerIncident() {
        Instant t0 = Instant.ofEpochSecond(Long.parseLong(System.getProperty("e2e.history.t0")));
        int incidents = Integer.getInteger("bench.incidents", 50);
        grafana.resetAll();
        grafana.stubFor(get(urlPathEqualTo("/api/annotations")).willReturn(okJson("[{\"id\":1,\"time\":"
                + t0.minusSeconds(240).toEpochMilli() + ",\"text\":\"deploy shop 1.4.0\",\"tags\":[\"deploy\"]}]")));
        String ratio = "sum(rate(http_requests_total{status=~\"5..\",service=\"shop\"}[1m]))"
                + " / sum(rate(http_requests_total{service=\"shop\"}[1m]))";
        Map<String, String> others = Map.of("inflight", "sum(shop_inflight_requests{service=\"shop\"})");
        investigate(ratio, others, t0, t0.plus(Duration.ofMinutes(20))); // warm-up: clients, connections, JIT
        List<Long> millis = new ArrayList<>();
        int queries = 0;
        int found = 0;
        for (int i = 0; i < incidents; i++) {
            Instant start = t0.minus(Duration.ofMinutes(30)).plus(Duration.ofSeconds(37L * i % 2400));
            Investigation inv = investigate(ratio, others, start, start.plus(Duration.ofMinutes(10 + i % 15)));
            millis.add(inv.took().toMillis());
            queries += inv.checks().stream().mapToInt(c -> c.queries().size()).sum();
            found += inv.causes().isEmpty() ? 0 : 1;
        }
        millis.sort(Long::compare);
        assertThat(found).as("investigations that found a cause").isPositive();
        System.out.printf("incidents %d, with a candidate cause %d, queries per incident %.1f%n", incidents, found,
                (double) queries / incidents);
        System.out.printf("investigation added latency per incident: p50 %d ms, p95 %d ms, max %d ms%n",
                millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.95) - 1),
                millis.get(millis.size() - 1));
    }

    private Investigation investigate(String query, Map<String, String> others, Instant start, Instant end) {
        return investigator.investigate(new InvestigationRequest("shop-overview", "error_ratio", query, true, start, end,
                others, Map.of("service", "shop"), List.of("dashboard-insights")));
    }
}
