package io.dashinsights.capacity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.schedule.TriggerService;
import io.dashinsights.store.Jdbc;
import io.dashinsights.support.ConcurrencyProbe;
import io.dashinsights.support.PrometheusStandIn;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * insights.limits.* are enforced on the real clients: one trigger run over 12 due dashboards, all started at
 * once on virtual threads, never has more requests in flight at the Prometheus and Grafana stand-ins than
 * the configured limits, and still processes every dashboard.
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(DependencyLimitsTest.Small.class)
class DependencyLimitsTest {

    public static class Small implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.limits.prometheus", "2", "insights.limits.grafana", "3");
        }
    }

    private static final int DASHBOARDS = 12;

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @Inject
    TriggerService trigger;

    @Inject
    Jdbc jdbc;

    @Test
    void aCycleNeverHasMoreRequestsInFlightThanEachDependencysLimit() {
        stub.resetAll();
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(aResponse()
                .withTransformers(PrometheusStandIn.NAME).withFixedDelay(150)));
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(okJson("{\"message\":\"Annotation added\",\"id\":7}")
                .withFixedDelay(150)));
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode list = root.putArray("dashboards");
        for (int i = 0; i < DASHBOARDS; i++) {
            ObjectNode d = list.addObject().put("id", String.format("limit-%02d", i)).put("type", "anomaly_detection")
                    .put("time_range", "24h").put("refresh_minutes", 60);
            d.putArray("metrics").add("requests");
            d.putObject("grafana").put("dashboardUid", "limits").put("panelId", i + 1);
        }
        importer.importJson(root);
        ConcurrencyProbe.reset();

        TriggerService.Summary summary = trigger.runOnce("limits-test");

        assertThat(summary.dashboards()).filteredOn(id -> id.startsWith("limit-")).hasSize(DASHBOARDS);
        // Dashboards other suites left due share this in-memory database: judge ours by their own state.
        assertThat(jdbc.queryOne("SELECT COUNT(*) FROM dashboards WHERE id LIKE 'limit-%' AND last_status = 'ok'",
                rs -> rs.getInt(1))).contains(DASHBOARDS);
        // Twelve dashboards started together, so the limits were reached, and never passed.
        assertThat(ConcurrencyProbe.most("prometheus")).isEqualTo(2);
        assertThat(ConcurrencyProbe.most("grafana")).isBetween(2, 3);
    }
}
