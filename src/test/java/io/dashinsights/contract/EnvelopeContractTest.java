package io.dashinsights.contract;

import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Bad envelopes get a 4xx naming the field, and change nothing (no stage run is recorded). */
@QuarkusTest
class EnvelopeContractTest {

    @Inject
    DashboardImporter importer;

    @Inject
    io.dashinsights.store.StageRunRepository runs;

    @BeforeEach
    void dashboard() {
        importer.importJson(Dashboards.one("contract-anomaly", "anomaly_detection", "uid-contract"));
    }

    @Test
    void envelopeOfAnotherFunctionIsRefusedNamingType() {
        given().contentType(ContentType.JSON).body(Dashboards.envelope("prepare-trend", "c-1", "contract-anomaly"))
                .post("/prepare-anomaly").then().statusCode(400).body("field", equalTo("type"))
                .body("error", containsString("dashboard-insights.prepare-anomaly"));
        org.assertj.core.api.Assertions.assertThat(runs.find("c-1")).isEmpty();
    }

    @Test
    void dashboardOfAnotherTypeIsRefused() {
        given().contentType(ContentType.JSON).body(Dashboards.envelope("prepare-trend", "c-2", "contract-anomaly"))
                .post("/prepare-trend").then().statusCode(400).body("field", equalTo("data.dashboardId"))
                .body("error", containsString("send it to prepare-anomaly"));
    }

    @Test
    void unknownDashboardIsNotFound() {
        given().contentType(ContentType.JSON).body(Dashboards.envelope("prepare-anomaly", "c-3", "nope"))
                .post("/prepare-anomaly").then().statusCode(404).body("field", equalTo("data.dashboardId"));
        org.assertj.core.api.Assertions.assertThat(runs.find("c-3")).isEmpty();
    }

    @Test
    void missingIdAndWrongSpecVersionAreNamed() {
        given().contentType(ContentType.JSON).body("""
                {"specversion":"1.0","type":"dashboard-insights.prepare-anomaly","data":{"dashboardId":"contract-anomaly"}}""")
                .post("/prepare-anomaly").then().statusCode(400).body("field", equalTo("id"));
        given().contentType(ContentType.JSON).body("""
                {"specversion":"0.3","id":"x","type":"dashboard-insights.prepare-anomaly","data":{}}""")
                .post("/prepare-anomaly").then().statusCode(400).body("field", equalTo("specversion"));
        given().contentType(ContentType.JSON).body("""
                {"specversion":"1.0","id":"x2","type":"dashboard-insights.prepare-anomaly","data":{}}""")
                .post("/prepare-anomaly").then().statusCode(400).body("field", equalTo("data.dashboardId"));
    }

    @Test
    void wrongFieldTypeAndMalformedJsonAreNamedWithoutStackTraces() {
        given().contentType(ContentType.JSON).body("""
                {"specversion":"1.0","id":"x","type":"dashboard-insights.prepare-anomaly","attempt":"often","data":{}}""")
                .post("/prepare-anomaly").then().statusCode(400).body("field", equalTo("attempt"))
                .body(not(containsString("at io.")));
        given().contentType(ContentType.JSON).body("{\"specversion\":\"1.0\",\"id\":")
                .post("/prepare-anomaly").then().statusCode(400).body("field", equalTo("body"))
                .body("error", containsString("not valid JSON"));
    }

    @Test
    void oversizedBodyIsRefused() {
        // Above quarkus.http.limits.max-body-size (16M, sized for the largest alert groups): refused before parsing.
        String big = "{\"specversion\":\"1.0\",\"id\":\"big\",\"data\":{\"pad\":\"" + "x".repeat(17_000_000) + "\"}}";
        given().contentType(ContentType.JSON).body(big).post("/push-grafana").then().statusCode(413);
    }

    @Test
    void webhookRefusesAnEnvelopeNamingTheVersionField() {
        given().contentType(ContentType.JSON).body(Dashboards.envelope("push-grafana", "not-an-alert", "x"))
                .post("/on-webhook-error-alert").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo("version"))
                .body("error", containsString("Alertmanager"));
    }
}
