package io.dashinsights.api;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.notNullValue;

/** The typed findings of a dashboard's last analysis, over HTTP, as the console and other tools read them. */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class FindingsApiTest {

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @BeforeEach
    void stubs() {
        StandIns.stubMetricsAndGrafana(stub);
    }

    @Test
    void trendFindingsAreServedTypedWithOneNamingStyle() {
        importer.importJson(Dashboards.one("api-trend", "trend_analysis", "uid-api-t"));
        given().contentType(ContentType.JSON).body(Dashboards.envelope("prepare-trend", "api-trend-1", "api-trend"))
                .post("/prepare-trend").then().statusCode(200).body("status", equalTo("succeeded"));

        String json = given().get("/api/dashboards/api-trend/findings").then().statusCode(200)
                .body("trends", hasSize(1))
                .body("trends[0].metric", equalTo("requests"))
                .body("trends[0].direction", isOneOf("up", "down", "stable"))
                .body("trends[0].slopePerHour", notNullValue())
                .body("trends[0].projection[0]", hasSize(2))
                .body("series[0].metric", equalTo("requests"))
                .body("push.status", equalTo("succeeded"))
                .body("push.receipt.annotationIds", hasSize(1))
                .extract().asString();
        assertThat(Pattern.compile("\"[a-z]+_[a-z_]+\"\\s*:").matcher(json).find())
                .as("no snake_case keys next to camelCase ones: %s", json).isFalse();
    }

    @Test
    void anomalyFindingsCarrySeverityAsItsLabel() {
        importer.importJson(Dashboards.one("api-anomaly", "anomaly_detection", "uid-api-a"));
        given().contentType(ContentType.JSON).body(Dashboards.envelope("prepare-anomaly", "api-anomaly-1", "api-anomaly"))
                .post("/prepare-anomaly").then().statusCode(200);

        given().get("/api/dashboards/api-anomaly/findings").then().statusCode(200)
                .body("source", equalTo("prometheus"))
                .body("anomalies.severity.findAll { !(it in ['low', 'medium', 'high']) }", hasSize(0));
    }

    @Test
    void unknownOrUnanalysedDashboardIs404NamingIt() {
        given().get("/api/dashboards/nope-404/findings").then().statusCode(404)
                .body("error", containsString("nope-404")).body("field", equalTo("id"));
        importer.importJson(Dashboards.one("api-fresh", "forecast", "uid-api-f"));
        given().get("/api/dashboards/api-fresh/findings").then().statusCode(404)
                .body("error", containsString("no findings yet"));
    }
}
