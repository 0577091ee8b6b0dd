package io.dashinsights.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.schedule.TriggerService;
import io.dashinsights.store.Jdbc;
import io.dashinsights.support.PrometheusStandIn;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * bench/scheduler.sh: one trigger cycle over 1,000 due dashboards with Prometheus and Grafana stand-ins
 * answering after 50 ms, at the configured concurrency and one at a time like the seed's loop. Not part
 * of {@code verify} (tag "bench").
 */
@Tag("bench")
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class SchedulerBenchmark {

    private static final int DASHBOARDS = Integer.getInteger("bench.dashboards", 1_000);
    private static final int LATENCY_MS = 50;

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @Inject
    TriggerService trigger;

    @Inject
    Jdbc jdbc;

    @Inject
    InsightsConfig config;

    @Test
    void oneCycleOverAThousandDueDashboards() throws Exception {
        stub.resetAll();
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(aResponse()
                .withTransformers(PrometheusStandIn.NAME).withFixedDelay(LATENCY_MS)));
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(okJson("{\"id\":1}").withFixedDelay(LATENCY_MS)));
        stub.stubFor(patch(urlPathMatching("/api/annotations/\\d+")).willReturn(okJson("{}").withFixedDelay(LATENCY_MS)));
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode list = root.putArray("dashboards");
        for (int i = 0; i < DASHBOARDS; i++) {
            ObjectNode d = list.addObject().put("id", String.format("bench-%04d", i)).put("type", "anomaly_detection")
                    .put("time_range", "24h").put("refresh_minutes", 60);
            d.putArray("metrics").add("requests");
            d.putObject("grafana").put("dashboardUid", "bench").put("panelId", i + 1);
        }
        importer.importJson(root);

        int concurrency = config.schedule().concurrency();
        double concurrent = cycle(1, concurrency);
        double sequential = cycle(2, 1);

        System.out.printf(Locale.ROOT, "dashboards %d, stand-in latency %d ms (Prometheus and Grafana)%n", DASHBOARDS,
                LATENCY_MS);
        System.out.printf(Locale.ROOT, "concurrency %d: %.1f s (%.1f dashboards/s)%n", concurrency, concurrent,
                DASHBOARDS / concurrent);
        System.out.printf(Locale.ROOT, "sequential baseline (seed loop): %.1f s (%.1f dashboards/s)%n", sequential,
                DASHBOARDS / sequential);
        System.out.printf(Locale.ROOT, "scheduler cycle, %d dashboards: %.1f s at concurrency %d vs %.1f s sequential, "
                + "speedup %.1fx%n", DASHBOARDS, concurrent, concurrency, sequential, sequential / concurrent);
    }

    /** Makes every bench dashboard due in a new period, runs one cycle, checks all were done; seconds. */
    private double cycle(int period, int concurrency) {
        jdbc.update("UPDATE dashboards SET next_due = ? WHERE id LIKE 'bench-%'", (long) period);
        long start = System.nanoTime();
        TriggerService.Summary summary = trigger.runOnce("bench-" + period, concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(summary.dashboards().stream().filter(d -> d.startsWith("bench-"))).hasSize(DASHBOARDS);
        assertThat(summary.failed()).isZero();
        return seconds;
    }
}
