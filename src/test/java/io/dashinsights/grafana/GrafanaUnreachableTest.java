package io.dashinsights.grafana;

import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.store.OutboxRepository;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.Envelopes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Grafana refuses connections: retried a few times within the call, then kept in the outbox; health says so. */
@QuarkusTest
@TestProfile(GrafanaUnreachableTest.ClosedPort.class)
class GrafanaUnreachableTest {

    /** Points Grafana at a port that was free a moment ago, so connections are refused. */
    public static class ClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return Map.of("insights.grafana.url", "http://127.0.0.1:" + socket.getLocalPort());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    DashboardImporter importer;

    @Inject
    OutboxRepository outbox;

    @Test
    void refusedConnectionIsKeptInTheOutboxAndNamedByHealth() {
        importer.importJson(Dashboards.one("refused", "anomaly_detection", "uid-refused"));

        long start = System.currentTimeMillis();
        given().contentType(ContentType.JSON).body(Envelopes.push("p-refused", "refused", "uid-refused", "k-refused"))
                .post("/push-grafana").then().statusCode(200).body("status", equalTo("failed"))
                .body("message", containsString("ConnectException"));
        assertThat(System.currentTimeMillis() - start).as("bounded retries, ms").isLessThan(10_000);

        assertThat(outbox.pendingCount("refused")).isEqualTo(1);
        given().get("/api/updates?dashboard=refused&limit=1").then().body("[0].statusCode", nullValue())
                .body("[0].kind", equalTo("annotation-create"));
        // Grafana down is a dependency problem, not a reason to leave the load balancer: the outbox delivers later.
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'grafana' }", nullValue());
        given().get("/q/health/group/dependencies").then().statusCode(503)
                .body("checks.find { it.name == 'grafana' }.status", equalTo("DOWN"));
    }
}
