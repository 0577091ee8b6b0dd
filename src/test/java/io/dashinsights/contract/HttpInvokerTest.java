package io.dashinsights.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The http invoker as serverless deployments use it: one host per function, and the shared invoker token. */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class HttpInvokerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @StandIns.Server
    WireMockServer stub;

    @BeforeEach
    void stubs() {
        stub.resetAll();
        stub.stubFor(post(urlMatching("/hosts/.*")).willReturn(okJson(
                "{\"id\":\"inv-1\",\"function\":\"push-grafana\",\"status\":\"succeeded\",\"duplicate\":false}")));
    }

    @Test
    void functionTemplateSendsEachFunctionToItsOwnHostWithTheToken() throws Exception {
        HttpInvoker invoker = new HttpInvoker("http://localhost:" + stub.port() + "/hosts/{function}", Duration.ofSeconds(5),
                Optional.of("shared-secret"));
        Envelope envelope = Envelope.create(Functions.PUSH_GRAFANA, "inv-1", "/test", "d1", "run-1",
                MAPPER.readTree("{\"dashboardId\":\"d1\"}"));

        StageResult result = invoker.invoke(Functions.PUSH_GRAFANA, envelope);

        assertThat(result.succeeded()).isTrue();
        stub.verify(postRequestedFor(urlEqualTo("/hosts/push-grafana/push-grafana"))
                .withHeader("Authorization", equalTo("Bearer shared-secret"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("dashboard-insights.push-grafana"))));
    }

    @Test
    void withoutATokenConfiguredTheStagesStayOpenLocally() {
        // insights.invoker.token is unset in tests, as in dev mode: one process, nothing exposed.
        given().contentType("application/json").body("{}").post("/push-grafana").then()
                .statusCode(org.hamcrest.Matchers.not(401));
    }
}
