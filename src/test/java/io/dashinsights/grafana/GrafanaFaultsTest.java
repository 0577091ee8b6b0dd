package io.dashinsights.grafana;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.store.Jdbc;
import io.dashinsights.store.OutboxRepository;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.Envelopes;
import io.dashinsights.support.GrafanaSpec;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

/** Grafana's bad minutes: each is retried within bounds or kept in the outbox, and nothing is posted twice. */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class GrafanaFaultsTest {

    @StandIns.Server
    WireMockServer stub;

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

        stub.verify(2, getRequestedFor(urlEqualTo("/api/dashboards/uid/uid-f-412")));
        stub.verify(postRequestedFor(urlEqualTo("/api/dashboards/db"))
                .withRequestBody(matchingJsonPath("$.dashboard.version", com.github.tomakehurst.wiremock.client.WireMock.equalTo("4")))
                .withRequestBody(matchingJsonPath("$.folderUid", com.github.tomakehurst.wiremock.client.WireMock.equalTo("ops-folder")))
                .withRequestBody(matchingJsonPath("$.dashboard.panels[1].description",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("Revenue 12% above expected"))));
        GrafanaSpec.assertAllRequestsValid(stub);
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
