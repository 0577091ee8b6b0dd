package io.dashinsights.grafana;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.store.Jdbc;
import io.dashinsights.store.OutboxRepository;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.Envelopes;
import io.dashinsights.support.GrafanaSpec;
import io.dashinsights.support.GrafanaStandIn;
import io.dashinsights.domain.AnnotationRequest;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Grafana's bad minutes and its refusals, against {@link GrafanaStandIn} (Grafana's own behaviour, with the
 * source cited there): a transient fault is retried within bounds or kept in the outbox, a refusal is recorded
 * once and not retried, and nothing is posted twice or org-wide by accident.
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class GrafanaFaultsTest {

    @StandIns.Server
    WireMockServer stub;

    @StandIns.Grafana
    GrafanaStandIn grafana;

    @Inject
    GrafanaClient client;

    @Inject
    DashboardImporter importer;

    @Inject
    OutboxRepository outbox;

    @Inject
    Jdbc jdbc;

    @BeforeEach
    void reset() {
        stub.resetAll();
    }

    private void dashboard(String id) {
        importer.importJson(Dashboards.one(id, "anomaly_detection", "uid-" + id));
    }

    private io.restassured.response.ValidatableResponse push(String envelope) {
        return given().contentType(ContentType.JSON).body(envelope).post("/push-grafana").then();
    }

    @Test
    void tooManyRequestsIsKeptUntilRetryAfter() {
        dashboard("f-429");
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "600").withBody("{\"message\":\"rate limited\"}")));
        long before = System.currentTimeMillis();

        push(Envelopes.push("p-429", "f-429", "uid-f-429", "k-429")).statusCode(200)
                .body("status", equalTo("failed")).body("message", containsString("429"));

        stub.verify(1, postRequestedFor(urlEqualTo("/api/annotations")));
        Long retryAt = jdbc.queryOne("SELECT next_attempt_at FROM outbox WHERE envelope_id = 'p-429'",
                rs -> rs.getLong(1)).orElseThrow();
        assertThat(retryAt).isGreaterThanOrEqualTo(before + 600_000);
        assertThat(outbox.pendingCount("f-429")).isEqualTo(1);
    }

    @Test
    void timeoutIsNotRetriedBlindlyButKept() {
        dashboard("f-timeout");
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(okJson("{\"id\":5}").withFixedDelay(7_000)));

        push(Envelopes.push("p-timeout", "f-timeout", "uid-f-timeout", "k-timeout")).statusCode(200)
                .body("status", equalTo("failed"));

        // A timed-out create may have reached Grafana: retrying at once could double-post, so it waits.
        stub.verify(1, postRequestedFor(urlEqualTo("/api/annotations")));
        assertThat(outbox.pendingCount("f-timeout")).isEqualTo(1);
    }

    @Test
    void badGatewayIsRetriedWithinTheCallAndSucceeds() {
        dashboard("f-502");
        stub.stubFor(post(urlEqualTo("/api/annotations")).inScenario("502").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
        stub.stubFor(post(urlEqualTo("/api/annotations")).inScenario("502").whenScenarioStateIs("up")
                .willReturn(okJson("{\"message\":\"Annotation added\",\"id\":77}")));

        push(Envelopes.push("p-502", "f-502", "uid-f-502", "k-502")).statusCode(200)
                .body("status", equalTo("succeeded")).body("result.annotationIds[0]", equalTo(77));

        stub.verify(2, postRequestedFor(urlEqualTo("/api/annotations")));
        assertThat(outbox.pendingCount("f-502")).isZero();
    }

    @Test
    void failedPushIsDeliveredOnceByALaterTriggerWhenGrafanaIsBack() {
        dashboard("f-back");
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(aResponse().withStatus(500)));
        push(Envelopes.push("p-back", "f-back", "uid-f-back", "k-back")).body("status", equalTo("failed"));
        assertThat(outbox.pendingCount("f-back")).isEqualTo(1);

        stub.resetAll();
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(okJson("{\"message\":\"Annotation added\",\"id\":88}")));
        Envelopes.outboxDueNow(jdbc, "f-back");
        given().contentType(ContentType.JSON).body("{}").post("/trigger-on-schedule").then().statusCode(200)
                .body("pushesDelivered", equalTo(1));
        given().contentType(ContentType.JSON).body("{}").post("/trigger-on-schedule").then().statusCode(200)
                .body("pushesRetried", equalTo(0));

        stub.verify(1, postRequestedFor(urlEqualTo("/api/annotations"))
                .withRequestBody(matchingJsonPath("$.dashboardUID", com.github.tomakehurst.wiremock.client.WireMock.equalTo("uid-f-back"))));
        assertThat(outbox.pendingCount("f-back")).isZero();
        given().get("/api/dashboards").then().body("find { it.id == 'f-back' }.lastStatus", equalTo("ok"));
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void dashboardSavedMeanwhileIsRefetchedAndSavedOnItsVersionKeepingTheFolder() {
        importer.importJson(Dashboards.withPanelText("f-412", "uid-f-412"));
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(okJson("{\"message\":\"Annotation added\",\"id\":9}")));
        stub.stubFor(get(urlEqualTo("/api/dashboards/uid/uid-f-412")).inScenario("412")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson(dashboardJson(3))));
        stub.stubFor(get(urlEqualTo("/api/dashboards/uid/uid-f-412")).inScenario("412")
                .whenScenarioStateIs("changed").willReturn(okJson(dashboardJson(4))));
        stub.stubFor(post(urlEqualTo("/api/dashboards/db")).inScenario("412").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(412).withBody("{\"message\":\"version-mismatch\",\"status\":\"version-mismatch\"}"))
                .willSetStateTo("changed"));
        stub.stubFor(post(urlEqualTo("/api/dashboards/db")).inScenario("412").whenScenarioStateIs("changed")
                .willReturn(okJson("{\"id\":1,\"uid\":\"uid-f-412\",\"status\":\"success\",\"version\":5}")));

        push(Envelopes.push("p-412", "f-412", "uid-f-412", "k-412")).statusCode(200).body("status", equalTo("succeeded"));

        // One look before annotating (does the dashboard exist?), then fetch, 412, re-fetch.
        stub.verify(3, getRequestedFor(urlEqualTo("/api/dashboards/uid/uid-f-412")));
        stub.verify(postRequestedFor(urlEqualTo("/api/dashboards/db"))
                .withRequestBody(matchingJsonPath("$.dashboard.version", com.github.tomakehurst.wiremock.client.WireMock.equalTo("4")))
                .withRequestBody(matchingJsonPath("$.folderUid", com.github.tomakehurst.wiremock.client.WireMock.equalTo("ops-folder")))
                .withRequestBody(matchingJsonPath("$.dashboard.panels[1].description",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("Revenue 12% above expected"))));
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    // ---- Grafana as it really is (GrafanaStandIn) ------------------------------------------------------------

    private static String push(String id, String dashboardId, String uid, String key, Boolean open) {
        String envelope = Envelopes.push(id, dashboardId, uid, key);
        return open == null ? envelope : envelope.replace("\"tags\": [\"anomaly\"]}", "\"tags\": [\"anomaly\"], \"open\": "
                + open + "}");
    }

    private List<io.dashinsights.store.GrafanaUpdate> log(String dashboardId) {
        return updateLog.recent(dashboardId, 50);
    }

    @Inject
    io.dashinsights.store.UpdateLogRepository updateLog;

    @Test
    void grafanaStoresAnAnnotationForAnUnknownDashboardOrgWide() {
        grafana.missing("uid-nowhere");
        given().baseUri(stub.baseUrl()).contentType(ContentType.JSON)
                .body("{\"dashboardUID\":\"uid-nowhere\",\"panelId\":2,\"time\":1767225600000,\"text\":\"x\",\"tags\":[]}")
                .post("/api/annotations").then().statusCode(200).body("message", equalTo("Annotation added"));
        assertThat(grafana.annotations()).anySatisfy(a -> {
            assertThat(a.text()).isEqualTo("x");
            assertThat(a.dashboardUid()).as("what real Grafana does: org-wide, on no dashboard").isNull();
        });
    }

    @Test
    void unknownDashboardIsRefusedAndRecordedInsteadOfLandingOrgWide() {
        dashboard("f-unknown");
        grafana.missing("uid-f-unknown");

        push(Envelopes.push("p-unknown", "f-unknown", "uid-f-unknown", "k-unknown")).statusCode(200)
                .body("status", equalTo("failed")).body("message", containsString("does not exist"))
                .body("result.refused", containsString("org-wide"));
        push(Envelopes.push("p-unknown-2", "f-unknown", "uid-f-unknown", "k-unknown")).body("status", equalTo("failed"));

        stub.verify(0, postRequestedFor(urlEqualTo("/api/annotations")));
        stub.verify(1, getRequestedFor(urlEqualTo("/api/dashboards/uid/uid-f-unknown")));
        assertThat(outbox.pendingCount("f-unknown")).as("Grafana's answer will not change by asking again").isZero();
        given().get("/api/dashboards").then().body("find { it.id == 'f-unknown' }.lastStatus", equalTo("refused"));
        assertThat(log("f-unknown")).anySatisfy(u -> {
            assertThat(u.kind()).isEqualTo("annotation-refused");
            assertThat(u.error()).contains("uid-f-unknown", "does not exist");
        });
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void annotationDeletedInGrafanaAnswers403AndAClosedFindingIsNotAnnotatedAgain() {
        dashboard("f-deleted");
        long id = push(push("p-del-1", "f-deleted", "uid-f-deleted", "k-deleted", null)).body("status", equalTo("succeeded"))
                .extract().jsonPath().getLong("result.annotationIds[0]");
        grafana.deleteAnnotation(id);

        push(push("p-del-2", "f-deleted", "uid-f-deleted", "k-deleted", null)).statusCode(200)
                .body("status", equalTo("succeeded")).body("result.deletedInGrafana[0]", equalTo((int) id))
                .body("result.annotationIds", org.hamcrest.Matchers.empty());
        push(push("p-del-3", "f-deleted", "uid-f-deleted", "k-deleted", null)).body("status", equalTo("succeeded"));

        stub.verify(1, com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(urlEqualTo("/api/annotations/" + id)));
        assertThat(stub.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                urlEqualTo("/api/annotations/" + id)))).isNotEmpty();
        stub.verify(1, postRequestedFor(urlEqualTo("/api/annotations")));
        assertThat(grafana.annotations()).noneSatisfy(a -> assertThat(a.dashboardUid()).isEqualTo("uid-f-deleted"));
        assertThat(outbox.pendingCount("f-deleted")).isZero();
        assertThat(log("f-deleted")).anySatisfy(u -> {
            assertThat(u.kind()).isEqualTo("annotation-deleted-in-grafana");
            assertThat(u.error()).contains(String.valueOf(id), "not created again");
        });
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void annotationDeletedInGrafanaIsCreatedAgainWhileItsFindingIsOpen() {
        dashboard("f-reopen");
        long first = push(push("p-open-1", "f-reopen", "uid-f-reopen", "k-reopen", true))
                .extract().jsonPath().getLong("result.annotationIds[0]");
        grafana.deleteAnnotation(first);

        long second = push(push("p-open-2", "f-reopen", "uid-f-reopen", "k-reopen", true))
                .body("status", equalTo("succeeded")).extract().jsonPath().getLong("result.annotationIds[0]");

        assertThat(second).isNotEqualTo(first);
        assertThat(grafana.annotation(second).dashboardUid()).isEqualTo("uid-f-reopen");
        assertThat(log("f-reopen")).anySatisfy(u -> assertThat(u.kind()).isEqualTo("annotation-recreate"));
    }

    @Test
    void forbiddenOnAnAnnotationThatStillExistsIsAFailureKeptForRetry() {
        dashboard("f-403");
        long id = push(push("p-403-1", "f-403", "uid-f-403", "k-403", null)).extract().jsonPath()
                .getLong("result.annotationIds[0]");
        stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlEqualTo("/api/annotations/" + id))
                .willReturn(aResponse().withStatus(403).withBody("{\"message\":\"Access denied\"}")));

        push(push("p-403-2", "f-403", "uid-f-403", "k-403", null)).body("status", equalTo("failed"))
                .body("message", containsString("403"));

        assertThat(grafana.annotation(id)).as("still there: the token lacks rights, the annotation is not gone").isNotNull();
        assertThat(outbox.pendingCount("f-403")).isEqualTo(1);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> refusedSaves() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("provisioned", "PROVISIONED", 400),
                org.junit.jupiter.params.provider.Arguments.of("name-exists", "NAME_EXISTS", 412),
                org.junit.jupiter.params.provider.Arguments.of("plugin", "PLUGIN_DASHBOARD", 412),
                org.junit.jupiter.params.provider.Arguments.of("v2", "V2_SCHEMA", 406),
                org.junit.jupiter.params.provider.Arguments.of("library", "LIBRARY_PANEL", null));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("refusedSaves")
    void panelDescriptionGrafanaWillNotSaveIsRecordedAndTheAnnotationStillGoesOut(String kind, String reason,
                                                                                  Integer status) {
        String id = "f-save-" + kind;
        String uid = "uid-" + id;
        importer.importJson(Dashboards.withPanelText(id, uid));
        switch (kind) {
            case "provisioned" -> grafana.provisioned(uid);
            case "name-exists" -> grafana.nameExists(uid);
            case "plugin" -> grafana.pluginDashboard(uid, "grafana-kubernetes-app");
            case "v2" -> grafana.v2(uid);
            default -> grafana.libraryPanel(uid, 2);
        }

        push(Envelopes.push("p-" + id, id, uid, "k-" + id)).statusCode(200).body("status", equalTo("succeeded"))
                .body("result.annotationIds", org.hamcrest.Matchers.hasSize(1))
                .body("result.panelTextRefused", containsString(reason));

        assertThat(grafana.annotations()).anySatisfy(a -> assertThat(a.dashboardUid()).isEqualTo(uid));
        assertThat(outbox.pendingCount(id)).isZero();
        assertThat(log(id)).anySatisfy(u -> {
            assertThat(u.kind()).isEqualTo("panel-description-refused");
            assertThat(u.statusCode()).isEqualTo(status);
        });
        stub.verify(kind.equals("v2") || kind.equals("library") ? 0 : 1,
                postRequestedFor(urlEqualTo("/api/dashboards/db")));
        assertThat(grafana.dashboard(uid).path("panels").get(1).has("description")).isFalse();
    }

    @Test
    void panelDescriptionIsSavedOnTheCurrentVersionKeepingTheFolder() {
        importer.importJson(Dashboards.withPanelText("f-saved", "uid-f-saved"));

        push(Envelopes.push("p-saved", "f-saved", "uid-f-saved", "k-saved")).body("status", equalTo("succeeded"));

        assertThat(grafana.dashboard("uid-f-saved").path("panels").get(1).path("description").asText())
                .isEqualTo("Revenue 12% above expected");
        assertThat(grafana.dashboard("uid-f-saved").path("version").asInt()).isEqualTo(2);
        stub.verify(postRequestedFor(urlEqualTo("/api/dashboards/db"))
                .withRequestBody(matchingJsonPath("$.folderUid", com.github.tomakehurst.wiremock.client.WireMock.equalTo("ops-folder"))));
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void manyTagsAreCutToWhatGrafanasLengthLimitTakes() {
        dashboard("f-tags");
        // 20 tags (the most a push takes) of ~45 characters: ~950 JSON characters, twice what Grafana stores.
        String many = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "\"tag-number-" + i
                + "-with-a-long-explanatory-suffix\"").collect(java.util.stream.Collectors.joining(", "));
        String envelope = Envelopes.push("p-tags", "f-tags", "uid-f-tags", "k-tags").replace("\"tags\": [\"anomaly\"]",
                "\"tags\": [" + many + "]");

        // The stand-in refuses a tags array over 500 JSON characters with Grafana's 400, as Grafana does.
        push(envelope).body("status", equalTo("succeeded"));
        assertThat(grafana.annotations()).anySatisfy(a -> {
            assertThat(a.dashboardUid()).isEqualTo("uid-f-tags");
            assertThat(a.tags()).contains("dashboard-insights", "tag-number-0-with-a-long-explanatory-suffix");
        });
        given().baseUri(stub.baseUrl()).contentType(ContentType.JSON).body("{\"time\":1,\"text\":\"x\",\"tags\":["
                + many + "]}").post("/api/annotations").then().statusCode(400)
                .body("message", equalTo("Tags length exceeds the maximum allowed."));
    }

    @Test
    void findAnnotationsMatchesAllTagsOrAnyAsAsked() {
        long t = 1_767_000_000_000L;
        long both = client.createAnnotation(new AnnotationRequest("uid-find", 1, t, null, "deploy + release",
                List.of("deploy", "release")));
        long one = client.createAnnotation(new AnnotationRequest("uid-find", 1, t + 1, null, "deploy only",
                List.of("deploy")));

        assertThat(ids(client.findAnnotations(t - 10, t + 10, "uid-find", List.of("deploy", "release"),
                GrafanaClient.TagMatch.ALL, 100))).containsExactly(both);
        assertThat(ids(client.findAnnotations(t - 10, t + 10, "uid-find", List.of("deploy", "release"),
                GrafanaClient.TagMatch.ANY, 100))).containsExactlyInAnyOrder(both, one);
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void grafanaKeepsOnlyKeyAndFirstValueOfATag() {
        long id = client.createAnnotation(new AnnotationRequest("uid-tagparse", 1, 1_767_000_000_000L, null, "x",
                List.of("alertname:Checkout:Errors", " team : payments ", "deploy", "deploy")));
        assertThat(grafana.annotation(id).tags()).containsExactly("alertname:Checkout", "team:payments", "deploy");
    }

    private static List<Long> ids(com.fasterxml.jackson.databind.JsonNode found) {
        List<Long> ids = new java.util.ArrayList<>();
        found.forEach(a -> ids.add(a.path("id").asLong()));
        return ids;
    }

    private static String dashboardJson(int version) {
        return """
                {"dashboard": {"id": 1, "uid": "uid-f-412", "title": "Shop", "version": %d,
                  "panels": [{"id": 1, "type": "timeseries", "title": "Orders"},
                             {"id": 2, "type": "timeseries", "title": "Revenue", "description": "old"}]},
                 "meta": {"folderUid": "ops-folder", "url": "/d/uid-f-412/shop"}}
                """.formatted(version);
    }
}
