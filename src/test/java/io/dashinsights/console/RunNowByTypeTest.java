package io.dashinsights.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.store.DashboardRepository;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** "Run now" goes through the dashboard type's handler, so it works for every type the trigger knows. */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class RunNowByTypeTest {

    @Inject
    DashboardImporter importer;
    @Inject
    DashboardRepository dashboards;
    @Inject
    ObjectMapper mapper;
    @StandIns.Server
    WireMockServer stub;

    @Test
    void runNowOnAnErrorRateDashboardChecksTheRateAndAnnotatesItsPanel() throws Exception {
        StandIns.stubMetricsAndGrafana(stub);
        // The instant error-ratio query (Prometheus /api/v1/query, vector result) is above the 5 % threshold.
        stub.stubFor(post(urlEqualTo("/api/v1/query")).willReturn(okJson("{\"status\":\"success\",\"data\":{"
                + "\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1764266604,\"0.12\"]}]}}")));
        // Updated just now, so no trigger run claims it: only Run now can have annotated it.
        importer.importJson(mapper.readTree("""
                {"dashboards": [{"id": "run-errors", "type": "error_rate", "title": "Checkout errors",
                  "queries": {"error_ratio": "sum(rate(errors[5m])) / sum(rate(requests[5m]))"},
                  "refresh_minutes": 600, "last_update": "%s", "grafana": {"dashboardUid": "run-err-uid", "panelId": 5}}]}
                """.formatted(Instant.now())));

        Response page = given().get("/dashboards/run-errors");
        page.then().statusCode(200);
        given().redirects().follow(false).cookie(FormTokens.COOKIE, page.getCookie(FormTokens.COOKIE))
                .formParam("token", ConsolePagesTest.token(page.asString())).post("/dashboards/run-errors/run")
                .then().statusCode(303);

        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/api/annotations"))
                .withRequestBody(matchingJsonPath("$.dashboardUID",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("run-err-uid")))))
                .as("the error_rate check ran and annotated its panel").hasSize(1);
        var state = dashboards.find("run-errors").orElseThrow();
        assertThat(state.lastStatus()).isEqualTo(io.dashinsights.domain.DashboardStatus.OK);
        assertThat(state.failures()).isZero();
    }
}
