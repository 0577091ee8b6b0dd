package io.dashinsights.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.store.DashboardRepository;
import io.dashinsights.store.Jdbc;
import io.dashinsights.support.Envelopes;
import io.dashinsights.support.PrometheusStandIn;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two trigger instances (distinct lease owners, racing on one database) over 200 due dashboards: every
 * dashboard is processed exactly once per due period, and a crashed instance's lease is taken over once
 * it expires. Runs on H2 and, in CI, on PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class MultiInstanceTriggerTest {

    private static final int DASHBOARDS = 200;

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @Inject
    TriggerService trigger;

    @Inject
    DashboardRepository dashboards;

    @Inject
    Jdbc jdbc;

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode config() {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode list = root.putArray("dashboards");
        for (int i = 0; i < DASHBOARDS; i++) {
            ObjectNode d = list.addObject().put("id", String.format("mi-%03d", i)).put("type", "anomaly_detection")
                    .put("refresh_minutes", 60).put("time_range", "24h");
            d.putArray("metrics").add("requests");
            d.putObject("grafana").put("dashboardUid", String.format("uid-mi-%03d", i)).put("panelId", 2);
        }
        return root;
    }

    @Test
    void twoInstancesProcessEachDueDashboardExactlyOnceAndTakeOverExpiredLeases() throws Exception {
        stub.resetAll();
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(aResponse().withTransformers(PrometheusStandIn.NAME)));
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(okJson("{\"message\":\"Annotation added\",\"id\":1}")));
        importer.importJson(config());

        // A modest concurrency: this is about who claims what, and a shared build machine must not time out calls.
        var a = CompletableFuture.supplyAsync(() -> trigger.runOnce("instance-a", 16));
        var b = CompletableFuture.supplyAsync(() -> trigger.runOnce("instance-b", 16));
        List<String> claimedByA = mine(a.get().dashboards());
        List<String> claimedByB = mine(b.get().dashboards());

        Set<String> union = new HashSet<>(claimedByA);
        union.addAll(claimedByB);
        assertThat(union).hasSize(DASHBOARDS);
        // Each claims its batch in one statement, so one may win them all; no dashboard is claimed by both.
        assertThat(claimedByA.size() + claimedByB.size()).as("claims of A and B together").isEqualTo(DASHBOARDS);
        assertThat(jdbc.queryOne("SELECT COUNT(*) FROM stage_runs WHERE function = 'prepare-anomaly' "
                + "AND dashboard_id LIKE 'mi-%'", rs -> rs.getInt(1))).contains(DASHBOARDS);
        assertThat(jdbc.queryOne("SELECT COUNT(*) FROM dashboards WHERE id LIKE 'mi-%' AND last_status = 'ok'",
                rs -> rs.getInt(1))).contains(DASHBOARDS);
        // Each pushed finding reached Grafana once: no (dashboard, region start) pair was posted twice. Only this
        // test's dashboards: others that test classes sharing this application left due are claimed too.
        List<String> posted = new ArrayList<>();
        stub.findAll(postRequestedFor(urlEqualTo("/api/annotations"))).forEach(r -> {
            JsonNode body = read(r.getBodyAsString());
            if (body.path("dashboardUID").asText().startsWith("uid-mi-")) {
                posted.add(body.path("dashboardUID").asText() + "@" + body.path("time").asLong());
            }
        });
        assertThat(posted).isNotEmpty().doesNotHaveDuplicates();

        var again = List.of(trigger.runOnce("instance-a"), trigger.runOnce("instance-b"));
        assertThat(again).allSatisfy(s -> assertThat(mine(s.dashboards())).isEmpty());

        // A crashed instance took mi-007's lease and never came back.
        Envelopes.dueNow(jdbc, "mi-007");
        long now = System.currentTimeMillis();
        assertThat(dashboards.claim("mi-007", "instance-crashed", now, now + 60_000)).isTrue();
        assertThat(mine(trigger.runOnce("instance-b").dashboards())).doesNotContain("mi-007");
        jdbc.update("UPDATE dashboards SET lease_until = ? WHERE id = 'mi-007'", now - 1);
        assertThat(mine(trigger.runOnce("instance-b").dashboards())).containsExactly("mi-007");
        assertThat(dashboards.find("mi-007").orElseThrow().leaseOwner()).isNull();
    }

    private static List<String> mine(List<String> ids) {
        return ids.stream().filter(id -> id.startsWith("mi-")).toList();
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
