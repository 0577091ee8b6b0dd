package io.dashinsights.alert;

import io.dashinsights.support.GrafanaWebhookSender;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

/**
 * Grafana's HMAC with a timestamp header configured, over HTTP: the signature covers {@code "<unix seconds>:" + body}
 * exactly as grafana/alerting http/hmac.go computes it, for POST and PUT; the body-only signature (Grafana's default
 * mode) and a stale timestamp are refused.
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(GrafanaSignedTimestampTest.Timestamped.class)
class GrafanaSignedTimestampTest {

    static final String SECRET = "grafana-hmac-secret";
    static final String TS_HEADER = "X-Grafana-Alerting-Timestamp";

    public static class Timestamped implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.alerts.auth", "hmac", "insights.alerts.hmac-secret", SECRET,
                    "insights.alerts.hmac-timestamp-header", TS_HEADER);
        }
    }

    private static byte[] body(String fingerprint) {
        return ErrorAlertWebhookTest.bytes(ErrorAlertWebhookTest.fresh("senders/grafana-12-firing-panel-link.json",
                fingerprint));
    }

    @Test
    void timestampedSignatureIsAcceptedByPostAndPut() {
        long now = System.currentTimeMillis() / 1000;
        long byPost = new GrafanaWebhookSender(SECRET, TS_HEADER, "POST")
                .send(body(ErrorAlertWebhookTest.uniqueFingerprint()), now)
                .statusCode(200).body("status", equalTo("accepted")).extract().jsonPath().getLong("groupId");
        long byPut = new GrafanaWebhookSender(SECRET, TS_HEADER, "PUT")
                .send(body(ErrorAlertWebhookTest.uniqueFingerprint()), now)
                .statusCode(200).body("status", equalTo("accepted")).extract().jsonPath().getLong("groupId");
        ErrorAlertWebhookTest.awaitGroupDone(byPost);
        ErrorAlertWebhookTest.awaitGroupDone(byPut);
    }

    @Test
    void bodyOnlySignatureOrStaleTimestampIsRefused() {
        new GrafanaWebhookSender(SECRET, null, "POST").send(body(ErrorAlertWebhookTest.uniqueFingerprint()), 0)
                .statusCode(401).body("field", equalTo(TS_HEADER));
        long stale = System.currentTimeMillis() / 1000 - 3600;
        new GrafanaWebhookSender(SECRET, TS_HEADER, "PUT").send(body(ErrorAlertWebhookTest.uniqueFingerprint()), stale)
                .statusCode(401).body("field", equalTo(TS_HEADER));
        // Milliseconds where Grafana sends seconds: outside any window.
        new GrafanaWebhookSender(SECRET, TS_HEADER, "POST").send(body(ErrorAlertWebhookTest.uniqueFingerprint()),
                System.currentTimeMillis()).statusCode(401);
    }
}
