package io.dashinsights.schedule;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.GrafanaSpec;
import io.dashinsights.support.PrometheusStandIn;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.not;

/** The scheduled path end to end over HTTP: trigger → prepare-* → push-grafana, with Prometheus and Grafana stand-ins. */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class PipelineTest {

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @Inject
    io.dashinsights.store.StageRunRepository runs;

    @BeforeEach
    void stubs() {
        StandIns.stubMetricsAndGrafana(stub);
    }

    private void trigger() {
        given().contentType(ContentType.JSON).body("{}").post("/trigger-on-schedule").then().statusCode(200);
    }

    @Test
    void dueDashboardIsClaimedOnceAnalysedAndPushedThenNotDue() {
        importer.importJson(Dashboards.one("pipe-anomaly", "anomaly_detection", "uid-pipe-a"));

        given().contentType(ContentType.JSON).body("{}").post("/trigger-on-schedule").then().statusCode(200)
                .body("claimed", greaterThanOrEqualTo(1)).body("dashboards", hasItem("pipe-anomaly"));

        List<LoggedRequest> grafana = GrafanaSpec.assertAllRequestsValid(stub);
        assertThat(grafana).allSatisfy(r -> assertThat(r.getHeader("Authorization"))
                .isEqualTo("Bearer " + StandIns.GRAFANA_TOKEN));
        stub.verify(postRequestedFor(urlEqualTo("/api/annotations"))
                .withRequestBody(matchingJsonPath("$.dashboardUID", com.github.tomakehurst.wiremock.client.WireMock.equalTo("uid-pipe-a")))
                .withRequestBody(matchingJsonPath("$.panelId", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2")))
                .withRequestBody(matchingJsonPath("$.timeEnd"))
                .withRequestBody(matchingJsonPath("$.tags[?(@ == 'anomaly')]")));
        given().get("/api/dashboards").then().statusCode(200)
                .body("find { it.id == 'pipe-anomaly' }.lastUpdate", notNullValue())
                .body("find { it.id == 'pipe-anomaly' }.lastStatus", equalTo("ok"));

        int pushed = stub.findAll(postRequestedFor(urlEqualTo("/api/annotations"))
                .withRequestBody(matchingJsonPath("$.dashboardUID",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("uid-pipe-a")))).size();
        given().contentType(ContentType.JSON).body("{}").post("/trigger-on-schedule").then().statusCode(200)
                .body("dashboards", not(hasItem("pipe-anomaly")));
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/api/annotations"))
                .withRequestBody(matchingJsonPath("$.dashboardUID",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("uid-pipe-a")))))
                .as("a dashboard that is not due is not pushed again").hasSize(pushed);
        assertThat(runs.recent("pipe-anomaly", 10)).as("nor prepared again").hasSize(2);
    }

    @Test
    void grafanaErrorLeavesDashboardDueLoggedAndInTheOutbox() {
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(aResponse().withStatus(500)
                .withBody("{\"message\":\"database is locked\"}")));
        importer.importJson(Dashboards.one("pipe-failing", "trend_analysis", "uid-pipe-f"));

        trigger();

        given().get("/api/dashboards").then()
                .body("find { it.id == 'pipe-failing' }.lastUpdate", nullValue())
                .body("find { it.id == 'pipe-failing' }.lastStatus", equalTo("pending-retry"))
                .body("find { it.id == 'pipe-failing' }.pendingPushes", equalTo(1));
        given().get("/api/updates?dashboard=pipe-failing&limit=5").then().statusCode(200)
                .body("[0].statusCode", equalTo(500))
                .body("[0].error", org.hamcrest.Matchers.containsString("database is locked"));
    }

    @Test
    void repeatedEnvelopeIdDoesNothingTwice() {
        importer.importJson(Dashboards.one("pipe-forecast", "forecast", "uid-pipe-fc"));
        String envelope = Dashboards.envelope("prepare-forecast", "manual-forecast-1", "pipe-forecast");

        given().contentType(ContentType.JSON).body(envelope).post("/prepare-forecast").then().statusCode(200)
                .body("status", equalTo("succeeded")).body("duplicate", equalTo(false))
                .body("result.forecasts[0].predictions.size()", equalTo(48));
        int grafanaCalls = stub.findAll(postRequestedFor(anyUrl())).size();

        given().contentType(ContentType.JSON).body(envelope).post("/prepare-forecast").then().statusCode(200)
                .body("status", equalTo("succeeded")).body("duplicate", equalTo(true));
        assertThat(stub.findAll(postRequestedFor(anyUrl()))).hasSize(grafanaCalls);
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void sameFindingPushedAgainUpdatesItsAnnotation() {
        importer.importJson(Dashboards.one("pipe-trend", "trend_analysis", "uid-pipe-t"));

        given().contentType(ContentType.JSON).body(Dashboards.envelope("prepare-trend", "trend-run-1", "pipe-trend"))
                .post("/prepare-trend").then().statusCode(200).body("status", equalTo("succeeded"));
        given().contentType(ContentType.JSON).body(Dashboards.envelope("prepare-trend", "trend-run-2", "pipe-trend"))
                .post("/prepare-trend").then().statusCode(200).body("status", equalTo("succeeded"));

        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/api/annotations")))).hasSize(1);
        assertThat(stub.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                urlEqualTo("/api/annotations/41")))).hasSize(1);
        GrafanaSpec.assertAllRequestsValid(stub);
        given().get("/api/updates?dashboard=pipe-trend").then()
                .body("kind", org.hamcrest.Matchers.contains("annotation-update", "annotation-create"));
    }
}
