package io.dashinsights.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.domain.AlertStatus;
import io.dashinsights.domain.GrafanaTarget;
import io.dashinsights.support.GrafanaSpec;
import io.dashinsights.support.PrometheusStandIn;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The webhook over HTTP with HMAC sender verification (the mode that needs the raw body), Prometheus and
 * Grafana stand-ins, and the real payload files. Each test uses its own fingerprints, so the shared store
 * and stand-in never mix tests up.
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(ErrorAlertWebhookTest.Hmac.class)
class ErrorAlertWebhookTest {

    static final String SECRET = "test-hmac-secret";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static class Hmac implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.alerts.auth", "hmac", "insights.alerts.hmac-secret", SECRET,
                    "insights.alerts.retry-delay", "1s", "insights.alerts.max-alerts", "5");
        }
    }

    @StandIns.Server
    WireMockServer stub;

    @StandIns.Grafana
    io.dashinsights.support.GrafanaStandIn grafana;

    @Inject
    DashboardImporter importer;

    @BeforeEach
    void stubs() throws Exception {
        stub.resetAll();
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(aResponse()
                .withTransformers(PrometheusStandIn.NAME)));
        // The error ratio at startsAt (20 %), and what the investigation asks: the series' labels, then each
        // candidate label's error level over the hour before startsAt (evaluated at startsAt) and during the
        // incident. /pay carries the increase.
        stub.stubFor(post(urlEqualTo("/api/v1/query")).atPriority(5).willReturn(okJson(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                        + "\"value\":[1764266604.704,\"0.2\"]}]}}")));
        stub.stubFor(post(urlEqualTo("/api/v1/series")).willReturn(okJson("{\"status\":\"success\",\"data\":["
                + "{\"__name__\":\"http_requests_total\",\"route\":\"/pay\",\"status\":\"500\"},"
                + "{\"__name__\":\"http_requests_total\",\"route\":\"/cart\",\"status\":\"503\"}]}")));
        stub.stubFor(post(urlEqualTo("/api/v1/query")).atPriority(1)
                .withRequestBody(matching(".*avg_over_time.*time=1714558500\\.000.*"))
                .willReturn(okJson(breakdown(0.1, 0.4))));
        stub.stubFor(post(urlEqualTo("/api/v1/query")).atPriority(2).withRequestBody(matching(".*avg_over_time.*"))
                .willReturn(okJson(breakdown(3, 0.5))));
        stub.stubFor(get(urlPathEqualTo("/api/annotations")).willReturn(okJson(
                "[{\"id\":7,\"time\":1714553100000,\"text\":\"deploy checkout v2.3.1\",\"tags\":[\"deploy\"]}]")));
        stub.stubFor(post(urlEqualTo("/api/annotations"))
                .willReturn(okJson("{\"message\":\"Annotation added\",\"id\":501}")));
        stub.stubFor(patch(urlPathMatching("/api/annotations/\\d+"))
                .willReturn(okJson("{\"message\":\"Annotation patched\"}")));
        importer.importJson(MAPPER.readTree("""
                {"dashboards": [{"id": "svc-routes", "type": "error_rate", "queries": {"error_ratio":
                  "sum(rate(http_requests_total{status=~\\"5..\\"}[5m])) / sum(rate(http_requests_total[5m]))"},
                  "refresh_minutes": 1440, "grafana": {"dashboardUid": "svc-overview", "panelId": 2},
                  "alert_routes": [{"match": {"service": "routed"}, "grafana": {"dashboardUid": "svc-overview",
                  "panelIds": [2]}}]}]}
                """));
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** An instant vector of errors/s by route (and status) as Prometheus answers it. */
    static String breakdown(double pay, double cart) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"route\":\"/pay\",\"status\":\"500\"},\"value\":[1714558500,\"" + pay + "\"]},"
                + "{\"metric\":{\"route\":\"/cart\",\"status\":\"503\"},\"value\":[1714558500,\"" + cart + "\"]}]}}";
    }

    static ObjectNode payload(String file) {
        return (ObjectNode) AlertPayloadParserTest.payload(file);
    }

    /** The file's payload with a fresh fingerprint (and optionally a label changed) so each test is its own alert. */
    static ObjectNode fresh(String file, String fingerprint) {
        ObjectNode p = payload(file);
        p.get("alerts").forEach(a -> ((ObjectNode) a).put("fingerprint", fingerprint));
        return p;
    }

    static byte[] bytes(JsonNode payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ValidatableResponse send(byte[] body) {
        return given().contentType(ContentType.JSON).header("X-Grafana-Alerting-Signature", SenderVerifier.sign(SECRET, body))
                .body(body).post("/on-webhook-error-alert").then();
    }

    /** As a Grafana contact point with {@code httpMethod: PUT} sends it. */
    static ValidatableResponse put(byte[] body) {
        return given().contentType(ContentType.JSON).header("X-Grafana-Alerting-Signature", SenderVerifier.sign(SECRET, body))
                .body(body).put("/on-webhook-error-alert").then();
    }

    static String uniqueFingerprint() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    List<LoggedRequest> created() {
        return stub.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/api/annotations")));
    }

    List<LoggedRequest> patched() {
        return stub.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                urlPathMatching("/api/annotations/\\d+")));
    }

    static JsonNode alertState(String fingerprint) {
        String body = given().get("/api/alerts?limit=1000").then().statusCode(200).extract().asString();
        try {
            for (JsonNode n : MAPPER.readTree(body)) {
                if (fingerprint.equals(n.path("fingerprint").asText())) {
                    return n;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    static JsonNode awaitState(String fingerprint, AlertStatus status) {
        awaitTrue(() -> {
            JsonNode s = alertState(fingerprint);
            return s != null && status.code().equals(s.path("status").asText());
        }, "alert " + fingerprint + " reaching status " + status + " (now: " + alertState(fingerprint) + ")");
        return alertState(fingerprint);
    }

    /** The panels an alert's decision names, read from the alerts API's JSON array. */
    static List<GrafanaTarget> targets(JsonNode state) {
        return MAPPER.convertValue(state.path("targets"),
                new com.fasterxml.jackson.core.type.TypeReference<List<GrafanaTarget>>() {
                });
    }

    /**
     * Waits until the worker finished the group: a group still in flight when the app stops is picked up by the
     * next test class's app (same in-memory store) and would post to that class's stand-in.
     */
    static void awaitGroupDone(long groupId) {
        awaitTrue(() -> "done".equals(given().get("/api/alerts/groups?limit=1000").then().extract().jsonPath()
                .getString("find { it.id == " + groupId + " }.state")), "alert group " + groupId + " done");
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- behaviour -------------------------------------------------------------------------------------

    @Test
    void grafanaAlertAnnotatesItsLinkedPanelWithThePayloadRate() {
        String fp = uniqueFingerprint();
        send(bytes(fresh("grafana-webhook-error-rate-constructed-example.json", fp))).statusCode(200)
                .body("status", equalTo("accepted")).body("duplicate", equalTo(false));

        JsonNode state = awaitState(fp, AlertStatus.ANNOTATED);
        assertThat(state.path("errorRate").asDouble()).isEqualTo(0.072);
        assertThat(state.path("rateSource").asText()).isEqualTo("payload");
        assertThat(created()).hasSize(1);
        JsonNode body = json(created().get(0).getBodyAsString());
        assertThat(body.path("dashboardUID").asText()).isEqualTo("svc-overview");
        assertThat(body.path("panelId").asInt()).isEqualTo(4);
        assertThat(body.path("time").asLong()).isEqualTo(Instant.parse("2024-05-01T10:15:00Z").toEpochMilli());
        assertThat(body.path("timeEnd").asLong()).isGreaterThan(body.path("time").asLong());
        assertThat(body.path("text").asText()).contains("7.2%", "threshold 5.0%", "deploy checkout v2.3.1",
                "90 min before the start", "route=/pay carries 96.7% of the increase");
        // The console shows the investigation the explanation was based on, read back from the store.
        assertThat(given().get("/alerts").then().statusCode(200).extract().asString())
                .contains("Investigation:", "route=/pay carries 96.7% of the increase", "breakdown", "changes");
        assertThat(MAPPER.convertValue(body.path("tags"), List.class))
                .contains("error-rate", "ai-explanation", "alertname:HighErrorRate", "ai:template", "dashboard-insights");
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void duplicateDeliveriesAndDuplicateAlertsInAGroupMakeExactlyOneAnnotation() {
        String fp = uniqueFingerprint();
        ObjectNode p = fresh("grafana-webhook-error-rate-constructed-example.json", fp);
        p.withArray("alerts").add(p.get("alerts").get(0).deepCopy());
        byte[] body = bytes(p);
        long groupId = send(body).statusCode(200).extract().jsonPath().getLong("groupId");
        // The sender retries (it got a 5xx or timed out): same body, before and after processing.
        send(body).statusCode(200).body("duplicate", equalTo(true)).body("groupId", equalTo((int) groupId));
        awaitState(fp, AlertStatus.ANNOTATED);
        send(body).statusCode(200).body("duplicate", equalTo(true));
        // Re-sent with different formatting: the same group once normalised.
        send(bytes(json(new String(body, StandardCharsets.UTF_8)))).statusCode(200).body("duplicate", equalTo(true));

        assertThat(created()).hasSize(1);
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void sameAlertInALaterNotificationOfItsGroupIsNotAnnotatedAgain() {
        String fp = uniqueFingerprint();
        ObjectNode p = fresh("grafana-webhook-error-rate-constructed-example.json", fp);
        send(bytes(p)).statusCode(200);
        awaitState(fp, AlertStatus.ANNOTATED);
        // The group's next notification: the same alert still firing, and a new one below the threshold.
        ObjectNode second = (ObjectNode) p.get("alerts").get(0).deepCopy();
        second.put("fingerprint", fp + "n");
        ((ObjectNode) second.get("values")).put("A", 0.01);
        p.withArray("alerts").add(second);
        send(bytes(p)).statusCode(200).body("duplicate", equalTo(false));
        awaitState(fp + "n", AlertStatus.SKIPPED);

        assertThat(created()).hasSize(1);
        assertThat(alertState(fp).path("status").asText()).isEqualTo(AlertStatus.ANNOTATED.code());
    }

    @Test
    void alertmanagerFiringThenResolvedClosesTheSameAnnotation() {
        String fp = uniqueFingerprint();
        ObjectNode firing = fresh("alertmanager-0.25-real-firing.json", fp);
        ObjectNode resolved = fresh("alertmanager-0.25-real-resolved.json", fp);
        for (ObjectNode p : List.of(firing, resolved)) {
            ((ObjectNode) p.get("alerts").get(0).get("labels")).put("service", "routed");
        }
        // While it fires the ratio climbs to 35 % (what Prometheus holds between startsAt and the notification):
        // the rate at startsAt alone would under-report it.
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).atPriority(1)
                .withRequestBody(matching("^(?!.*by).*routed.*%2F.*"))
                .willReturn(okJson("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{"
                        + "\"metric\":{},\"values\":[[1795802608,\"0.35\"]]}]}}")));
        send(bytes(firing)).statusCode(200);
        JsonNode state = awaitState(fp, AlertStatus.ANNOTATED);
        assertThat(state.path("errorRate").asDouble()).as("no values in the payload: measured in Prometheus")
                .isEqualTo(0.2);
        assertThat(state.path("rateSource").asText()).isEqualTo("prometheus");
        assertThat(targets(state)).containsExactly(new GrafanaTarget("svc-overview", 2));

        send(bytes(resolved)).statusCode(200);
        awaitState(fp, AlertStatus.RESOLVED);

        assertThat(created()).hasSize(1);
        JsonNode made = json(created().get(0).getBodyAsString());
        assertThat(made.path("panelId").asInt()).isEqualTo(2);
        assertThat(made.path("text").asText()).contains("Error rate 20.0% at 18:03 UTC", "</b><br>Still firing; peak 35.0% at ")
                .contains(" UTC so far.");
        assertThat(patched()).hasSize(1);
        assertThat(patched().get(0).getUrl()).isEqualTo("/api/annotations/501");
        JsonNode closed = json(patched().get(0).getBodyAsString());
        assertThat(closed.path("time").asLong()).isEqualTo(Instant.parse("2026-11-27T18:03:24.704Z").toEpochMilli());
        assertThat(closed.path("timeEnd").asLong()).isEqualTo(Instant.parse("2026-11-27T18:03:33.704Z").toEpochMilli());
        assertThat(closed.path("text").asText()).contains("20.0%", "Resolved at 18:03 UTC after 9 s; peak 35.0% at 18:03 UTC.");
        // The query used the alert's labels and its exact startsAt (milliseconds included).
        assertThat(stub.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/api/v1/query"))).get(0).getBodyAsString())
                .contains("time=" + java.math.BigDecimal.valueOf(Instant.parse("2026-11-27T18:03:24.704Z").toEpochMilli(), 3))
                .contains("service%3D%22routed%22");
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    /** The error ratio Prometheus holds for the "routed" service while the alert fires: one sample at {@code at}. */
    private void routedPeak(String ratio, long atEpochSeconds) {
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).atPriority(1)
                .withRequestBody(matching("^(?!.*by).*routed.*%2F.*"))
                .willReturn(okJson("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{"
                        + "\"metric\":{},\"values\":[[" + atEpochSeconds + ",\"" + ratio + "\"]]}]}}")));
    }

    @Test
    void laterFiringNotificationPatchesTheSameAnnotationWithTheNewPeakOnlyWhenThePeakChanged() {
        String fp = uniqueFingerprint();
        ObjectNode firing = fresh("alertmanager-0.25-real-firing.json", fp);
        ((ObjectNode) firing.get("alerts").get(0).get("labels")).put("service", "routed");
        routedPeak("0.35", 1795802608L);
        long first = send(bytes(firing)).statusCode(200).body("duplicate", equalTo(false)).extract().jsonPath()
                .getLong("groupId");
        awaitState(fp, AlertStatus.ANNOTATED);
        awaitGroupDone(first);
        assertThat(created()).hasSize(1);
        assertThat(json(created().get(0).getBodyAsString()).path("text").asText())
                .contains("Still firing; peak 35.0% at ").contains(" UTC so far.");

        // Alertmanager's repeat_interval: the same group, byte for byte, while Prometheus now holds a higher peak
        // (48 %). Still the same delivery to the sender, but the open region gets the new peak. (The time printed is
        // the range query's grid slot holding the sample, as the first push's is.)
        routedPeak("0.48", 1795802900L);
        send(bytes(firing)).statusCode(200).body("duplicate", equalTo(true)).body("groupId", equalTo((int) first));
        awaitTrue(() -> patched().size() == 1, "the repeat's PATCH");
        assertThat(patched().get(0).getUrl()).isEqualTo("/api/annotations/501");
        JsonNode updated = json(patched().get(0).getBodyAsString());
        assertThat(updated.path("text").asText()).contains("Error rate 20.0% at 18:03 UTC",
                "</b><br>Still firing; peak 48.0% at ", " UTC so far.").doesNotContain("35.0%");
        assertThat(updated.path("time").asLong()).isEqualTo(Instant.parse("2026-11-27T18:03:24.704Z").toEpochMilli());
        assertThat(updated.path("timeEnd").asLong()).as("the region grows to the repeat")
                .isGreaterThan(json(created().get(0).getBodyAsString()).path("timeEnd").asLong());
        assertThat(MAPPER.convertValue(updated.path("tags"), List.class)).contains("error-rate", "alertname:HighErrorRate");
        JsonNode state = awaitState(fp, AlertStatus.ANNOTATED);
        assertThat(state.path("peakRate").asDouble()).isEqualTo(0.48);
        assertThat(state.path("peakAt").asLong()).isGreaterThanOrEqualTo(state.path("startsAt").asLong());

        // The group's next change (a new alert below the threshold joins it): the peak is unchanged, so the
        // annotation is left alone — no PATCH per notification.
        ObjectNode changed = firing.deepCopy();
        ObjectNode second = (ObjectNode) changed.get("alerts").get(0).deepCopy();
        second.put("fingerprint", fp + "n");
        ((ObjectNode) second.get("labels")).put("service", "quiet");
        changed.withArray("alerts").add(second);
        stub.stubFor(post(urlEqualTo("/api/v1/query")).atPriority(1).withRequestBody(matching(".*quiet.*"))
                .willReturn(okJson("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{},\"value\":[1764266604.704,\"0.01\"]}]}}")));
        long third = send(bytes(changed)).statusCode(200).body("duplicate", equalTo(false)).extract().jsonPath()
                .getLong("groupId");
        awaitState(fp + "n", AlertStatus.SKIPPED);
        awaitGroupDone(third);
        assertThat(patched()).hasSize(1);
        assertThat(created()).hasSize(1);
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void alertNameWithACommaNeverBecomesASeparateTagInGrafana() {
        // #11: with tags joined by ',' and split again, "X,deploy" came out as "alertname:X" and a bare "deploy"
        // (a tag people filter deploy markers by). Tags are a list end to end now.
        String fp = uniqueFingerprint();
        ObjectNode firing = fresh("alertmanager-0.25-real-firing.json", fp);
        ObjectNode labels = (ObjectNode) firing.get("alerts").get(0).get("labels");
        labels.put("alertname", "X,deploy").put("service", "routed").put("stage", "deploy");
        send(bytes(firing)).statusCode(200);

        JsonNode state = awaitState(fp, AlertStatus.ANNOTATED);
        assertThat(created()).hasSize(1);
        List<String> tags = MAPPER.convertValue(json(created().get(0).getBodyAsString()).path("tags"),
                new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {
                });
        assertThat(tags).contains("alertname:X;deploy", "error-rate").doesNotContain("deploy", "alertname:X");
        assertThat(tags).allSatisfy(t -> assertThat(t).doesNotStartWith("deploy"));
        assertThat(MAPPER.convertValue(state.path("tags"), List.class)).as("stored as a JSON array")
                .contains("alertname:X;deploy").doesNotContain("deploy");
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void resolvedBeforeFiringWasProcessedStillGivesOneClosedAnnotation() {
        String fp = uniqueFingerprint();
        ObjectNode firing = fresh("alertmanager-0.25-real-firing.json", fp);
        ObjectNode resolved = fresh("alertmanager-0.25-real-resolved.json", fp);
        for (ObjectNode p : List.of(firing, resolved)) {
            ((ObjectNode) p.get("alerts").get(0).get("labels")).put("service", "routed");
        }
        send(bytes(resolved)).statusCode(200);
        awaitState(fp, AlertStatus.RESOLVED_EARLY);
        send(bytes(firing)).statusCode(200);
        awaitState(fp, AlertStatus.RESOLVED);

        assertThat(created()).hasSize(1);
        assertThat(json(created().get(0).getBodyAsString()).path("timeEnd").asLong())
                .isEqualTo(Instant.parse("2026-11-27T18:03:33.704Z").toEpochMilli());
        assertThat(patched()).isEmpty();
    }

    @Test
    void rateAtOrBelowThresholdIsRecordedAsSkippedWithTheMeasuredRate() {
        String fp = uniqueFingerprint();
        ObjectNode p = fresh("grafana-webhook-error-rate-constructed-example.json", fp);
        ((ObjectNode) p.get("alerts").get(0).get("values")).put("A", 0.031);
        send(bytes(p)).statusCode(200);

        JsonNode state = awaitState(fp, AlertStatus.SKIPPED);
        assertThat(state.path("errorRate").asDouble()).isEqualTo(0.031);
        assertThat(state.path("reason").asText()).contains("3.1%", "5.0%");
        ((ObjectNode) p.get("alerts").get(0).get("values")).put("A", 0.05);
        p.get("alerts").forEach(a -> ((ObjectNode) a).put("fingerprint", fp + "b"));
        send(bytes(p)).statusCode(200);
        assertThat(awaitState(fp + "b", AlertStatus.SKIPPED).path("errorRate").asDouble()).isEqualTo(0.05);
        assertThat(created()).isEmpty();
    }

    @Test
    void alertWithoutPanelLinkOrRouteIsRecordedWithTheReason() {
        String fp = uniqueFingerprint();
        send(bytes(fresh("alertmanager-0.25-real-firing.json", fp))).statusCode(200);

        JsonNode state = awaitState(fp, AlertStatus.UNLINKED);
        assertThat(state.path("errorRate").asDouble()).isEqualTo(0.2);
        assertThat(state.path("reason").asText()).contains("no panel link", "alert_routes", "insights.alerts.dashboard-uid");
        assertThat(created()).isEmpty();
    }

    @Test
    void dashboardLinkWithoutPanelGivesADashboardWideAnnotation() {
        String fp = uniqueFingerprint();
        ObjectNode p = fresh("grafana-webhook-error-rate-constructed-example.json", fp);
        ((ObjectNode) p.get("alerts").get(0)).put("panelURL", "");
        ((ObjectNode) p.get("alerts").get(0).get("labels")).put("service", "unrouted");
        send(bytes(p)).statusCode(200);

        assertThat(targets(awaitState(fp, AlertStatus.ANNOTATED))).containsExactly(new GrafanaTarget("svc-overview", null));
        JsonNode made = json(created().get(0).getBodyAsString());
        assertThat(made.path("dashboardUID").asText()).isEqualTo("svc-overview");
        assertThat(made.has("panelId")).isFalse();
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void grafanaDownKeepsTheAlertAndTheTriggerAnnotatesItOnceGrafanaIsBack() {
        String fp = uniqueFingerprint();
        stub.stubFor(post(urlEqualTo("/api/annotations")).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"db locked\"}")));
        long groupId = send(bytes(fresh("grafana-webhook-error-rate-constructed-example.json", fp))).statusCode(200)
                .extract().jsonPath().getLong("groupId");
        awaitState(fp, AlertStatus.ANNOTATING);
        awaitTrue(() -> given().get("/api/alerts/groups?limit=50").then().extract().jsonPath()
                .getString("find { it.id == " + groupId + " }.lastError") != null, "the failed push recorded on the group");

        stub.resetAll();
        stub.stubFor(get(urlPathEqualTo("/api/annotations")).willReturn(okJson("[]")));
        stub.stubFor(post(urlEqualTo("/api/annotations"))
                .willReturn(okJson("{\"message\":\"Annotation added\",\"id\":777}")));
        // Nothing runs between serverless invocations: trigger-on-schedule picks up what is left.
        awaitTrue(() -> {
            given().contentType(ContentType.JSON).body("{}").post("/trigger-on-schedule").then().statusCode(200);
            return AlertStatus.ANNOTATED.code().equals(alertState(fp).path("status").asText());
        }, "the trigger to finish the recorded alert");
        assertThat(MAPPER.convertValue(alertState(fp).path("annotationIds"), List.class)).containsExactly(777);
        assertThat(created()).hasSize(1);
        assertThat(json(created().get(0).getBodyAsString()).path("text").asText())
                .as("the explanation written before the outage is reused, not asked for again").contains("7.2%");
    }

    // ---- bodies as the senders really send them (payloads/senders/README.md) ------------------------------

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("io.dashinsights.alert.AlertPayloadParserTest#senderBodies")
    void everyBodyGrafanaAndAlertmanagerSendIsAcceptedByPostAndPut(String file) {
        String fp = uniqueFingerprint();
        long byPost = send(bytes(fresh("senders/" + file, fp))).statusCode(200).body("status", equalTo("accepted"))
                .extract().jsonPath().getLong("groupId");
        ObjectNode byPut = fresh("senders/" + file, fp + "p");
        long put = put(bytes(byPut)).statusCode(200).body("status", equalTo("accepted")).body("duplicate", equalTo(false))
                .extract().jsonPath().getLong("groupId");
        awaitGroupDone(byPost);
        awaitGroupDone(put);
        assertThat(alertState(fp + "p")).as("the PUT delivery's alert decided").isNotNull();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("io.dashinsights.alert.AlertPayloadParserTest#customPayloads")
    void customPayloadBodyIs400SayingHowToConfigureTheContactPoint(String file) {
        send(bytes(AlertPayloadParserTest.payload("senders/custom/" + file))).statusCode(400)
                .body("error", containsString("Remove the custom payload"));
    }

    @Test
    void putFromAGrafanaContactPointAnnotatesLikePost() {
        String fp = uniqueFingerprint();
        put(bytes(fresh("senders/grafana-12-firing-panel-link.json", fp))).statusCode(200);

        assertThat(targets(awaitState(fp, AlertStatus.ANNOTATED))).containsExactly(new GrafanaTarget("svc-overview", 4));
        assertThat(created()).hasSize(1);
        // Unverified PUTs are refused exactly like POSTs.
        given().contentType(ContentType.JSON).body(bytes(fresh("senders/grafana-12-firing-panel-link.json", fp + "x")))
                .put("/on-webhook-error-alert").then().statusCode(401);
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void resendWithANewTimeRangeInItsLinksIsTheSameDelivery() {
        String fp = uniqueFingerprint();
        long groupId = send(bytes(fresh("senders/grafana-12-firing-panel-link.json", fp))).statusCode(200)
                .body("duplicate", equalTo(false)).extract().jsonPath().getLong("groupId");
        awaitState(fp, AlertStatus.ANNOTATED);
        // Grafana's next flush: same alert, dashboardURL/panelURL "to" moved to the new send time.
        send(bytes(fresh("senders/grafana-12-firing-panel-link-resend.json", fp))).statusCode(200)
                .body("duplicate", equalTo(true)).body("groupId", equalTo((int) groupId));
        ObjectNode resolved = fresh("senders/grafana-12-resolved.json", fp);
        send(bytes(resolved)).statusCode(200).body("duplicate", equalTo(false));
        awaitState(fp, AlertStatus.RESOLVED);

        assertThat(created()).hasSize(1);
        assertThat(patched()).hasSize(1);
    }

    @Test
    void valuesThatAreNotARatioFallBackToTheConfiguredQuery() {
        String fp = uniqueFingerprint();
        send(bytes(fresh("senders/grafana-12-values-not-a-ratio.json", fp))).statusCode(200);

        JsonNode state = awaitState(fp, AlertStatus.ANNOTATED);
        assertThat(state.path("errorRate").asDouble()).isEqualTo(0.2);
        assertThat(state.path("rateSource").asText()).isEqualTo("prometheus");
        assertThat(state.path("reason").asText()).contains("values.A", "not an error ratio");
        String text = json(created().get(0).getBodyAsString()).path("text").asText();
        assertThat(text).contains("20.0%").doesNotContain("247354572800", "2473545728");
    }

    @Test
    void queryAnsweringSomethingOtherThanARatioAnnotatesNothing() {
        stub.stubFor(post(urlEqualTo("/api/v1/query")).atPriority(2).withRequestBody(matching(".*bytes-not-ratio.*"))
                .willReturn(okJson("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                        + "\"value\":[1764266604.704,\"2473545728\"]}]}}")));
        String fp = uniqueFingerprint();
        ObjectNode p = fresh("senders/grafana-12-values-not-a-ratio.json", fp);
        ((ObjectNode) p.get("alerts").get(0).get("labels")).put("service", "bytes-not-ratio");
        send(bytes(p)).statusCode(200);

        JsonNode state = awaitState(fp, AlertStatus.NO_RATE);
        assertThat(state.path("errorRate").isNull()).isTrue();
        assertThat(state.path("reason").asText()).contains("not an error ratio", "insights.alerts.error-rate-query");
        assertThat(created()).isEmpty();
    }

    @Test
    void alertWithoutStartFromGrafanasTestSuiteIsRecordedNotAnnotated() {
        String fp = uniqueFingerprint();
        send(bytes(fresh("senders/grafana-12-test-suite-no-dashboard-link.json", fp))).statusCode(200);

        assertThat(awaitState(fp, AlertStatus.NO_START).path("reason").asText()).contains("zero time");
        assertThat(created()).isEmpty();
    }

    @Test
    void notificationReasonAndRouteLabelsAreShownWithTheAlert() {
        String fp = uniqueFingerprint();
        send(bytes(fresh("senders/alertmanager-0.34-route-labels-truncated.json", fp))).statusCode(200);

        JsonNode state = awaitState(fp, AlertStatus.UNLINKED);
        assertThat(state.path("notificationReason").asText()).isEqualTo("new alerts added");
        assertThat(state.path("routeLabels").path("team").asText()).isEqualTo("payments");
        assertThat(state.path("status").asText()).as("the decision's own fields stay at the top level")
                .isEqualTo(AlertStatus.UNLINKED.code());
    }

    @Test
    void largeGroupIsAcceptedWithTheFirstAlertsProcessedAndTheRestRecordedAsTruncated() {
        String fp = uniqueFingerprint();
        ObjectNode p = fresh("senders/grafana-12-firing-panel-link.json", fp);
        ObjectNode template = (ObjectNode) p.get("alerts").get(0);
        ((ObjectNode) template.get("values")).put("A", 0.01);
        // Big enough to pass the old 1 MB limit: ~300 alerts of ~4 KB each, as a large Grafana group is.
        String filler = "x".repeat(400);
        for (int k = 0; k < 9; k++) {
            ((ObjectNode) template.get("annotations")).put("note" + k, filler);
        }
        var alerts = p.withArray("alerts");
        alerts.removeAll();
        for (int i = 0; i < 300; i++) {
            ObjectNode a = template.deepCopy();
            a.put("fingerprint", fp + "-" + i);
            alerts.add(a);
        }
        byte[] body = bytes(p);
        assertThat(body.length).isGreaterThan(1024 * 1024);

        send(body).statusCode(200).body("status", equalTo("accepted"));

        awaitState(fp + "-4", AlertStatus.SKIPPED);
        JsonNode truncated = awaitState(fp + "-5", AlertStatus.TRUNCATED);
        assertThat(truncated.path("reason").asText()).contains("300 alerts", "first 5", "insights.alerts.max-alerts");
        assertThat(awaitState(fp + "-299", AlertStatus.TRUNCATED)).isNotNull();
        String groups = given().get("/api/alerts/groups?limit=5").then().extract().asString();
        assertThat(groups).contains("\\\"truncatedAlerts\\\":295");
    }

    // ---- Grafana as it really is ------------------------------------------------------------------------------

    /** Lets the Grafana stand-in answer annotations (state, 403 on deleted) instead of this class's fixed stubs. */
    private void annotationsByTheStandIn() {
        for (var method : List.of("POST", "PATCH", "GET")) {
            stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.request(method,
                    urlPathMatching("/api/annotations(/\\d+)?")).atPriority(1)
                    .willReturn(aResponse().withTransformers(io.dashinsights.support.GrafanaStandIn.NAME)));
        }
    }

    @Test
    void alertLinkedToADashboardGrafanaDoesNotHaveIsRecordedRefusedNotPostedOrgWide() {
        grafana.missing("svc-deleted-dash");
        String fp = uniqueFingerprint();
        ObjectNode p = fresh("senders/grafana-12-firing-panel-link.json", fp);
        ((ObjectNode) p.get("alerts").get(0)).put("panelURL",
                "https://grafana.example.com/d/svc-deleted-dash?from=1&orgId=1&to=2&viewPanel=4");
        send(bytes(p)).statusCode(200);

        JsonNode state = awaitState(fp, AlertStatus.REFUSED);
        assertThat(state.path("reason").asText()).contains("svc-deleted-dash", "does not exist", "org-wide");
        assertThat(created()).isEmpty();
        given().get("/api/alerts/groups?limit=20").then().body("find { it.payload.contains('" + fp + "') }.state",
                equalTo("done"));
    }

    @Test
    void annotationDeletedInGrafanaBeforeTheAlertResolvedIsNotCreatedAgain() {
        annotationsByTheStandIn();
        String fp = uniqueFingerprint();
        send(bytes(fresh("senders/grafana-12-firing-panel-link.json", fp))).statusCode(200);
        long id = awaitState(fp, AlertStatus.ANNOTATED).path("annotationIds").get(0).asLong();
        assertThat(grafana.annotation(id).dashboardUid()).isEqualTo("svc-overview");
        grafana.deleteAnnotation(id);

        send(bytes(fresh("senders/grafana-12-resolved.json", fp))).statusCode(200);

        JsonNode state = awaitState(fp, AlertStatus.RESOLVED);
        assertThat(state.path("reason").asText()).contains("deleted in Grafana", "not created again");
        assertThat(grafana.annotations()).noneSatisfy(a -> assertThat(a.text()).contains(fp));
        assertThat(grafana.annotations()).noneSatisfy(a -> assertThat(a.id()).isEqualTo(id));
        assertThat(patched()).hasSize(1);
        assertThat(created()).hasSize(1);
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    // ---- refusals ----------------------------------------------------------------------------------------

    @Test
    void wrongOrMissingSignatureIs401AndRecordsNothing() {
        int before = given().get("/api/alerts/groups?limit=1000").then().extract().jsonPath().getList("$").size();
        byte[] body = bytes(fresh("grafana-webhook-error-rate-constructed-example.json", uniqueFingerprint()));
        given().contentType(ContentType.JSON).header("X-Grafana-Alerting-Signature", SenderVerifier.sign("guess", body))
                .body(body).post("/on-webhook-error-alert").then().statusCode(401)
                .body("field", equalTo("X-Grafana-Alerting-Signature"));
        given().contentType(ContentType.JSON).body(body).post("/on-webhook-error-alert").then().statusCode(401);
        // Signed, then changed in transit.
        String sig = SenderVerifier.sign(SECRET, body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("0.072", "0.972").getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).header("X-Grafana-Alerting-Signature", sig).body(tampered)
                .post("/on-webhook-error-alert").then().statusCode(401);
        // Not even a malformed body is looked at before the sender is verified.
        given().contentType(ContentType.JSON).body("{\"version\":").post("/on-webhook-error-alert").then().statusCode(401);

        assertThat(given().get("/api/alerts/groups?limit=1000").then().extract().jsonPath().getList("$")).hasSize(before);
    }

    @Test
    void malformedBodiesAre400NamingTheField() {
        send("{\"version\":\"4\",\"alerts\":[{\"status\":".getBytes(StandardCharsets.UTF_8)).statusCode(400)
                .body("field", equalTo("body")).body("error", containsString("JSON"));
        ObjectNode wrongType = fresh("alertmanager-0.25-real-firing.json", uniqueFingerprint());
        ((ObjectNode) wrongType.get("alerts").get(0).get("labels")).put("service", 42);
        send(bytes(wrongType)).statusCode(400).body("field", equalTo("alerts[0].labels.service"));
        ObjectNode missing = fresh("alertmanager-0.25-real-firing.json", uniqueFingerprint());
        missing.remove("alerts");
        send(bytes(missing)).statusCode(400).body("field", equalTo("alerts"));
        ObjectNode version = fresh("alertmanager-0.25-real-firing.json", uniqueFingerprint());
        version.put("version", 4);
        send(bytes(version)).statusCode(400).body("field", equalTo("version"));
        send("[]".getBytes(StandardCharsets.UTF_8)).statusCode(400).body("field", equalTo("body"));
    }

    @Test
    void bodyOverTheSixteenMegabyteGuardIsRefusedWith413() {
        byte[] big = new byte[20 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        int status;
        try {
            status = send(big).extract().statusCode();
        } catch (RuntimeException e) {
            // Vert.x may close the connection as soon as the limit is passed, before the client has sent it all.
            status = 413;
            assertThat(e).hasMessageContaining("reset").as("connection closed by the size limit");
        }
        assertThat(status).isEqualTo(413);
    }
}
