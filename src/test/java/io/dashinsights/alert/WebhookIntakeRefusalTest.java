package io.dashinsights.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dashinsights.store.Jdbc;
import io.dashinsights.support.GrafanaWebhookSender;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * #11: alerts the worker could never process are refused at the webhook with a 400 naming the field, and the whole
 * group with them: nothing recorded, nothing sent to Grafana or Prometheus. Answered 200 they stayed pending, retried
 * until given up, and the sender (Grafana and Alertmanager never retry a 4xx) was never told. Sent as a Grafana
 * contact point sends them: HMAC-signed over real HTTP ({@link GrafanaWebhookSender}).
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(ErrorAlertWebhookTest.Hmac.class)
class WebhookIntakeRefusalTest {

    private static final GrafanaWebhookSender GRAFANA = new GrafanaWebhookSender(ErrorAlertWebhookTest.SECRET, null, "POST");

    @StandIns.Server
    WireMockServer stub;

    @Inject
    Jdbc jdbc;

    @Inject
    IntakeActivity activity;

    /** Unique per test: the service label and dashboard uid, which every Prometheus or Grafana call would carry. */
    private String marker;

    @BeforeEach
    void freshWorld() {
        StandIns.stubMetricsAndGrafana(stub);
        marker = "svc" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The Grafana example with this test's own fingerprint, service label and dashboard uid. */
    private ObjectNode grafanaBody() {
        ObjectNode p = ErrorAlertWebhookTest.payload("grafana-webhook-error-rate-constructed-example.json");
        ObjectNode alert = (ObjectNode) p.get("alerts").get(0);
        alert.put("fingerprint", marker);
        ((ObjectNode) alert.get("labels")).put("service", marker);
        alert.put("dashboardURL", alert.get("dashboardURL").asText().replace("svc-overview", marker));
        alert.put("panelURL", alert.get("panelURL").asText().replace("svc-overview", marker));
        return p;
    }

    private static ObjectNode alert(ObjectNode body, int i) {
        return (ObjectNode) body.get("alerts").get(i);
    }

    /** POSTs the body and checks: 400 naming the field, nothing recorded, no call for it to Grafana or Prometheus. */
    private void assertRefused(ObjectNode body, String field) {
        assertRefused(ErrorAlertWebhookTest.bytes(body), field);
    }

    private void assertRefused(byte[] body, String field) {
        long groupsBefore = count("SELECT COUNT(*) FROM alert_groups");
        GRAFANA.send(body, Instant.now().getEpochSecond()).statusCode(400)
                .body("field", equalTo(field)).body("error", containsString(field))
                .body("error", org.hamcrest.Matchers.not(containsString("\tat ")));
        assertThat(count("SELECT COUNT(*) FROM alert_groups")).as("recorded groups").isEqualTo(groupsBefore);
        assertThat(count("SELECT COUNT(*) FROM alert_groups WHERE payload LIKE ?", "%" + marker + "%"))
                .as("a group carrying this alert").isZero();
        assertThat(count("SELECT COUNT(*) FROM alert_states WHERE fingerprint LIKE ?", marker + "%"))
                .as("alert states of this alert").isZero();
        // Nothing was recorded, so nothing can be processed later: give a worker that wrongly got it the time to call.
        sleep(Duration.ofMillis(500));
        List<LoggedRequest> ours = stub.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> r.getUrl().contains(marker) || r.getBodyAsString().contains(marker)).toList();
        assertThat(ours).as("requests to Grafana or Prometheus about the refused alert").isEmpty();
    }

    @Test
    void alertNameLongerThanItsColumnIsRefusedNamingTheLabel() {
        ObjectNode body = grafanaBody();
        ((ObjectNode) alert(body, 0).get("labels")).put("alertname", "E".repeat(AlertPayloadParser.MAX_ALERT_NAME + 1));
        assertRefused(body, "alerts[0].labels.alertname");
    }

    @Test
    void panelIdThatIsNotANumberIsRefusedNamingTheLink() {
        ObjectNode body = grafanaBody();
        alert(body, 0).put("panelURL", alert(body, 0).get("panelURL").asText().replace("viewPanel=4", "viewPanel=4abc"));
        assertRefused(body, "alerts[0].panelURL");

        ObjectNode tooBig = grafanaBody();
        alert(tooBig, 0).put("panelURL", alert(tooBig, 0).get("panelURL").asText()
                .replace("viewPanel=4", "viewPanel=99999999999"));
        assertRefused(tooBig, "alerts[0].panelURL");
    }

    @Test
    void grafanasOwnTestBodyWithPanelEfghIsRefused() {
        // grafana/alerting receivers/webhook/v1/webhook_test.go @783ce041 ("__panelId__": "efgh"), verbatim but ours.
        ObjectNode body = (ObjectNode) AlertPayloadParserTest.payload("senders/unprocessable/grafana-12-test-suite-dashboard-link.json");
        alert(body, 0).put("fingerprint", marker);
        alert(body, 0).put("dashboardURL", alert(body, 0).get("dashboardURL").asText().replace("abcd", marker));
        alert(body, 0).put("panelURL", alert(body, 0).get("panelURL").asText().replace("abcd", marker));
        assertRefused(body, "alerts[0].panelURL");
    }

    @Test
    void startCenturiesAheadOrBeforeTheYear2000IsRefused() {
        ObjectNode ahead = grafanaBody();
        alert(ahead, 0).put("startsAt", "2999-05-01T10:15:00Z");
        assertRefused(ahead, "alerts[0].startsAt");

        ObjectNode nextYear = grafanaBody();
        alert(nextYear, 0).put("startsAt", Instant.now().plus(Duration.ofDays(367)).toString());
        assertRefused(nextYear, "alerts[0].startsAt");

        ObjectNode before = grafanaBody();
        alert(before, 0).put("startsAt", "1999-12-31T23:59:59Z");
        assertRefused(before, "alerts[0].startsAt");
    }

    @Test
    void valueThatIsNoNumberIsRefusedNamingTheRefId() {
        ObjectNode text = grafanaBody();
        ((ObjectNode) alert(text, 0).get("values")).put("A", "0.072");
        assertRefused(text, "alerts[0].values.A");

        // 1e400 overflows a double (Infinity): no sender writes it, Grafana sends "values": null for ±Inf and NaN.
        String overflow = new String(ErrorAlertWebhookTest.bytes(grafanaBody()), StandardCharsets.UTF_8)
                .replace("\"A\":0.072", "\"A\":1e400");
        assertThat(overflow).contains("\"A\":1e400");
        assertRefused(overflow.getBytes(StandardCharsets.UTF_8), "alerts[0].values.A");
    }

    @Test
    void oneUnprocessableAlertRefusesTheWholeGroupItsValidNeighbourIncluded() {
        ObjectNode body = grafanaBody();
        ObjectNode bad = alert(body, 0).deepCopy();
        bad.put("fingerprint", marker + "b");
        bad.put("startsAt", "2999-05-01T10:15:00Z");
        body.withArray("alerts").add(bad);
        assertRefused(body, "alerts[1].startsAt");
    }

    @Test
    void theSameFieldsJustInsideTheLimitsAreAccepted() {
        // The boundaries, so the refusals above are about the field and not the body: a 200-character name, a start
        // a day ahead (a sender whose clock is off), Grafana's scenes-style viewPanel=panel-4, a value of 0.
        ObjectNode body = grafanaBody();
        ObjectNode a = alert(body, 0);
        ((ObjectNode) a.get("labels")).put("alertname", "E".repeat(AlertPayloadParser.MAX_ALERT_NAME));
        a.put("startsAt", Instant.now().plus(Duration.ofDays(1)).toString());
        a.put("panelURL", a.get("panelURL").asText().replace("viewPanel=4", "viewPanel=panel-4"));
        ((ObjectNode) a.get("values")).put("A", 0);
        long groupId = GRAFANA.send(ErrorAlertWebhookTest.bytes(body), Instant.now().getEpochSecond()).statusCode(200)
                .body("status", equalTo("accepted")).extract().jsonPath().getLong("groupId");
        assertThat(count("SELECT COUNT(*) FROM alert_groups WHERE id = ?", groupId)).isOne();
        ErrorAlertWebhookTest.awaitGroupDone(groupId);
        assertThat(ErrorAlertWebhookTest.alertState(marker)).as("the accepted alert was decided").isNotNull();
    }

    private long count(String sql, Object... params) {
        return jdbc.queryOne(sql, rs -> rs.getLong(1), params).orElseThrow();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void deliveriesThatProveNothingDoNotHoldTheProcessingBack() {
        byte[] body = ErrorAlertWebhookTest.bytes(grafanaBody());
        long before = activity.lastDelivery();
        given().contentType("application/json")
                .header(GrafanaWebhookSender.SIGNATURE_HEADER, "00".repeat(32)).body(body)
                .post("/on-webhook-error-alert").then().statusCode(401);
        assertThat(activity.lastDelivery()).as("a refused sender does not count as a burst of deliveries")
                .isEqualTo(before);

        GRAFANA.send(body, Instant.now().getEpochSecond()).statusCode(200);
        assertThat(activity.lastDelivery()).as("a verified delivery does").isNotEqualTo(before);
    }
}
