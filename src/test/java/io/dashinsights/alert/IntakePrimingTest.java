package io.dashinsights.alert;

import io.dashinsights.store.AlertGroupRepository;
import io.dashinsights.store.OutboxRepository;
import io.dashinsights.support.GrafanaWebhookSender;
import io.dashinsights.support.StandIns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The startup priming of the webhook path (insights.alerts.prime-deliveries), here with Grafana's HMAC over a
 * timestamp, the strictest sender check: the instance reports ready only once its own deliveries went through the
 * real HTTP path and were verified, and they leave nothing behind; the priming header lets nobody in and, with any
 * value but this process's token, changes nothing about a real delivery.
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(IntakePrimingTest.Primed.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntakePrimingTest {

    static final String SECRET = "priming-test-secret";
    static final String TS_HEADER = "X-Grafana-Alerting-Timestamp";
    static final int PRIMING = 20;

    public static class Primed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.alerts.auth", "hmac", "insights.alerts.hmac-secret", SECRET,
                    "insights.alerts.hmac-timestamp-header", TS_HEADER,
                    "insights.alerts.prime-deliveries", Integer.toString(PRIMING));
        }
    }

    @Inject
    AlertGroupRepository groups;

    @Inject
    OutboxRepository outbox;

    @Inject
    MeterRegistry registry;

    @Test
    @Order(1)
    void primesThroughTheRealWebhookPathBeforeReadyAndRecordsNothing() {
        ErrorAlertWebhookTest.awaitTrue(() -> given().get("/q/health/ready").statusCode() == 200, "ready");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'webhook-priming' }.data.state", equalTo("primed"))
                .body("checks.find { it.name == 'webhook-priming' }.data.outcome",
                        org.hamcrest.Matchers.startsWith(PRIMING + " deliveries in "));
        // Each went through Vert.x, the gate (a valid timestamped signature) and Funqy, answered 200.
        Timer answered = registry.find("http.server.requests").tag("uri", "/on-webhook-error-alert")
                .tag("status", "200").timer();
        assertThat(answered).as("webhook answers counted by the HTTP server metrics").isNotNull();
        assertThat(answered.count()).isGreaterThanOrEqualTo(PRIMING);
        assertThat(groups.recent(100)).as("alert groups recorded by the priming").isEmpty();
        assertThat(outbox.pendingCount(null)).as("pushes queued by the priming").isZero();
    }

    @Test
    @Order(2)
    void thePrimingHeaderLetsNoUnverifiedDeliveryIn() {
        byte[] body = ErrorAlertWebhookTest.bytes(ErrorAlertWebhookTest.fresh("senders/grafana-12-firing-panel-link.json",
                ErrorAlertWebhookTest.uniqueFingerprint()));
        given().contentType("application/json").header(IntakePrimer.HEADER, "anything").body(body)
                .post("/on-webhook-error-alert").then().statusCode(401);
        assertThat(groups.recent(100)).isEmpty();
    }

    @Test
    @Order(3)
    void aVerifiedDeliveryWithSomeOtherPrimingValueIsRecordedAsUsual() {
        byte[] body = ErrorAlertWebhookTest.bytes(ErrorAlertWebhookTest.fresh("senders/grafana-12-firing-panel-link.json",
                ErrorAlertWebhookTest.uniqueFingerprint()));
        long id = new GrafanaWebhookSender(SECRET, TS_HEADER, "POST")
                .send(body, System.currentTimeMillis() / 1000, Map.of(IntakePrimer.HEADER, "0".repeat(64)))
                .statusCode(200).body("status", equalTo("accepted")).extract().jsonPath().getLong("groupId");
        assertThat(groups.find(id)).isPresent();
        ErrorAlertWebhookTest.awaitGroupDone(id);
    }

    @Inject
    IntakePrimer primer;

    @Test
    @Order(4)
    void anInstanceThatCannotPrimeBecomesReadyUnprimed() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        primer.prime(java.net.URI.create("http://127.0.0.1:" + closed + "/on-webhook-error-alert"));
        assertThat(primer.state()).isEqualTo(IntakePrimer.State.FAILED);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'webhook-priming' }.data.state", equalTo("failed"));
    }
}
