package io.dashinsights.knative;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.PrometheusStandIn;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

/** The -Pknative build as a Broker delivers to it: binary-mode CloudEvents (ce-* headers) posted to "/". */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class KnativeEventsTest {

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @BeforeEach
    void stubs() {
        StandIns.stubMetricsAndGrafana(stub);
    }

    @Test
    void prepareEventIsRoutedByTypeAndAnsweredWithItsResultEvent() {
        importer.importJson(Dashboards.one("kn-anomaly", "anomaly_detection", "uid-kn-a"));

        given().header("ce-specversion", "1.0").header("ce-id", "kn-anomaly-1")
                .header("ce-type", "dashboard-insights.prepare-anomaly").header("ce-source", "/test")
                .header("ce-subject", "kn-anomaly").contentType("application/json")
                .body(Dashboards.envelope("prepare-anomaly", "kn-anomaly-1", "kn-anomaly"))
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "dashboard-insights.prepare-anomaly.result")
                .header("ce-source", "/dashboard-insights/prepare-anomaly")
                .body("function", equalTo("prepare-anomaly"))
                .body("status", equalTo("succeeded"));
    }

    @Test
    void pingSourceEventRunsTheTrigger() {
        importer.importJson(Dashboards.one("kn-scheduled", "anomaly_detection", "uid-kn-s"));

        BrokerDeliveries.ping("ping-1").statusCode(200)
                .header("ce-type", "dashboard-insights.trigger-on-schedule.result")
                .body("claimed", greaterThanOrEqualTo(1))
                .body("dashboards", hasItem("kn-scheduled"));
    }

    @Test
    void httpInvokerStillReachesAStageByPath() {
        importer.importJson(Dashboards.one("kn-path", "anomaly_detection", "uid-kn-p"));

        given().contentType("application/json").body(Dashboards.envelope("prepare-anomaly", "kn-path-1", "kn-path"))
                .post("/prepare-anomaly")
                .then().statusCode(200)
                .body("status", equalTo("succeeded"));
    }
}
