package io.dashinsights.metrics;

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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Prometheus' bad answers: surfaced with URL, status and its own message, or handled as missing data. */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class PrometheusFaultsTest {

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @BeforeEach
    void reset() {
        stub.resetAll();
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(okJson("{\"message\":\"Annotation added\",\"id\":3}")));
    }

    private io.restassured.response.ValidatableResponse prepare(String dashboard, String id) {
        importer.importJson(Dashboards.one(dashboard, "anomaly_detection", "uid-" + dashboard));
        return given().contentType(ContentType.JSON).body(Dashboards.envelope("prepare-anomaly", id, dashboard))
                .post("/prepare-anomaly").then();
    }

    @Test
    void errorBodyIsSurfacedWithUrlStatusAndMessage() {
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}")));

        prepare("pf-error", "pf-error-1").statusCode(502)
                .body("error", allOf(containsString("/api/v1/query_range"), containsString("400"),
                        containsString("bad_data: parse error at char 5")))
                .body(not(containsString("at io.")));
        // A bad query is not retried: it cannot get better by asking again.
        stub.verify(1, postRequestedFor(urlEqualTo("/api/v1/query_range")));
    }

    @Test
    void unavailableIsRetriedThenReported() {
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(aResponse().withStatus(503)
                .withBody("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"too many queries\"}")));

        prepare("pf-503", "pf-503-1").statusCode(502).body("error", containsString("too many queries"));
        stub.verify(3, postRequestedFor(urlEqualTo("/api/v1/query_range")));
    }

    @Test
    void emptyResultIsNoDataNotAFailure() {
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(okJson(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}")));

        prepare("pf-empty", "pf-empty-1").statusCode(200).body("status", equalTo("succeeded"))
                .body("result.anomalies.size()", equalTo(0));
        stub.verify(0, postRequestedFor(urlEqualTo("/api/annotations")));
    }

    @Test
    void nanAndInfiniteSamplesAreTreatedAsMissing() {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            String v = i % 50 == 0 ? "NaN" : i % 77 == 0 ? "+Inf" : i % 91 == 0 ? "-Inf" : String.valueOf(100 + i % 7);
            values.append(i == 0 ? "" : ",").append("[").append(now - (600 - i) * 60).append(",\"").append(v).append("\"]");
        }
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(okJson(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":["
                        + values + "]}]}}")));

        prepare("pf-nan", "pf-nan-1").statusCode(200).body("status", equalTo("succeeded"))
                .body(not(containsString("Infinity")));
    }

    @Test
    void timeoutIsReportedAsADependencyFailure() {
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(okJson("{}").withFixedDelay(7_000)));

        prepare("pf-slow", "pf-slow-1").statusCode(502).body("error", containsString("query_range"));
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/api/annotations")))).isEmpty();
    }
}
