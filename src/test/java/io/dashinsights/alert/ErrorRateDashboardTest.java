package io.dashinsights.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.store.DashboardRepository;
import io.dashinsights.support.GrafanaSpec;
import io.dashinsights.support.PrometheusStandIn;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The pull path: an error_rate dashboard checked by trigger-on-schedule, annotated above 5 % and closed below. */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class ErrorRateDashboardTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @Inject
    DashboardRepository dashboards;

    @Inject
    ErrorRateCheck check;

    private void errorRatio(String value) {
        stub.stubFor(post(urlEqualTo("/api/v1/query")).willReturn(okJson("{\"status\":\"success\",\"data\":{"
                + "\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1764266604,\"" + value + "\"]}]}}")));
    }

    private List<LoggedRequest> createdOnOurPanel() {
        return stub.findAll(postRequestedFor(urlEqualTo("/api/annotations"))
                .withRequestBody(matchingJsonPath("$.dashboardUID", com.github.tomakehurst.wiremock.client.WireMock.equalTo("pull-uid"))));
    }

    @Test
    void crossingTheThresholdAnnotatesOnceAndFallingBackClosesTheRegion() throws Exception {
        stub.resetAll();
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(aResponse().withTransformers(PrometheusStandIn.NAME)));
        stub.stubFor(get(urlPathEqualTo("/api/annotations")).willReturn(okJson("[]")));
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(okJson("{\"message\":\"Annotation added\",\"id\":88}")));
        stub.stubFor(patch(urlPathMatching("/api/annotations/\\d+")).willReturn(okJson("{\"message\":\"Annotation patched\"}")));
        errorRatio("0.12");
        importer.importJson(MAPPER.readTree("""
                {"dashboards": [{"id": "pull-errors", "type": "error_rate", "title": "Checkout errors",
                  "queries": {"error_ratio": "sum(rate(http_requests_total{status=~\\"5..\\"}[5m])) / sum(rate(http_requests_total[5m]))"},
                  "refresh_minutes": 5, "grafana": {"dashboardUid": "pull-uid", "panelId": 5}}]}
                """));

        given().contentType(ContentType.JSON).body("{}").post("/trigger-on-schedule").then().statusCode(200);

        assertThat(createdOnOurPanel()).hasSize(1);
        JsonNode made = MAPPER.readTree(createdOnOurPanel().get(0).getBodyAsString());
        assertThat(made.path("panelId").asInt()).isEqualTo(5);
        assertThat(made.path("text").asText()).contains("Error rate 12.0%", "threshold 5.0%");
        assertThat(dashboards.find("pull-errors").orElseThrow().lastStatus()).isEqualTo(io.dashinsights.domain.DashboardStatus.OK);

        // Still above on the next run: the open region is not annotated again.
        assertThat(check.check(dashboards.find("pull-errors").orElseThrow(), "pull-errors@2")).isTrue();
        assertThat(createdOnOurPanel()).hasSize(1);

        errorRatio("0.01");
        assertThat(check.check(dashboards.find("pull-errors").orElseThrow(), "pull-errors@3")).isTrue();
        List<LoggedRequest> patches = stub.findAll(patchRequestedFor(urlPathMatching("/api/annotations/88")));
        assertThat(patches).hasSize(1);
        JsonNode closed = MAPPER.readTree(patches.get(0).getBodyAsString());
        assertThat(closed.path("timeEnd").asLong()).isGreaterThanOrEqualTo(closed.path("time").asLong());
        assertThat(closed.path("text").asText()).contains("12.0%", "Resolved at");
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void errorRateTypeAndAlertRoutesAreReadFromTheConfig() throws Exception {
        var parsed = io.dashinsights.dashboard.DashboardConfigParser.parse(MAPPER.readTree("""
                {"dashboards": [{"id": "r", "type": "error_rate", "metrics": ["error_ratio"],
                  "grafana": {"dashboardUid": "u", "panelId": 1},
                  "alert_routes": [{"match": {"service": "checkout"}, "grafana": {"dashboardUid": "svc-overview", "panelIds": [2, 3]}}]}]}
                """));
        var config = parsed.get(0).config();
        assertThat(config.type().configName()).isEqualTo("error_rate");
        assertThat(config.alertRoutes()).hasSize(1);
        assertThat(config.alertRoutes().get(0).panelIds()).containsExactly(2, 3);
        assertThat(config.alertRoutes().get(0).matches(java.util.Map.of("service", "checkout", "x", "y"))).isTrue();
        assertThat(config.alertRoutes().get(0).matches(java.util.Map.of("service", "cart"))).isFalse();
    }
}
