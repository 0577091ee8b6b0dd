package io.dashinsights.lambda;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(PrepareHandlerTest.PrepareAnomaly.class)
class PrepareHandlerTest {

    public static class PrepareAnomaly extends LambdaEvents.Handler {
        public PrepareAnomaly() {
            super("prepare-anomaly");
        }
    }

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @BeforeEach
    void stubs() {
        StandIns.stubMetricsAndGrafana(stub);
    }

    @Test
    void directInvokeWithAnEnvelopeRunsTheStage() {
        importer.importJson(Dashboards.one("lambda-direct", "anomaly_detection", "uid-lambda-d"));

        LambdaEvents.invoke(Dashboards.envelope("prepare-anomaly", "lambda-direct-1", "lambda-direct")).statusCode(200)
                .body("function", equalTo("prepare-anomaly"))
                .body("dashboardId", equalTo("lambda-direct"))
                .body("status", equalTo("succeeded"));
    }

    @Test
    void httpInvokerCallNeedsTheInvokerToken() {
        importer.importJson(Dashboards.one("lambda-http", "anomaly_detection", "uid-lambda-h"));
        String envelope = Dashboards.envelope("prepare-anomaly", "lambda-http-1", "lambda-http");

        LambdaEvents.invoke(LambdaEvents.httpApiPost("/prepare-anomaly", envelope, Map.of())).statusCode(200)
                .body("statusCode", equalTo(401));
        LambdaEvents.invoke(LambdaEvents.httpApiPost("/prepare-anomaly", envelope,
                        Map.of("authorization", "Bearer " + LambdaEvents.INVOKER_TOKEN))).statusCode(200)
                .body("statusCode", equalTo(200))
                .body("body", containsString("\"status\":\"succeeded\""));
    }

    @Test
    void httpEventForAnotherFunctionIsNotServedHere() {
        LambdaEvents.invoke(LambdaEvents.httpApiPost("/push-grafana", "{}",
                        Map.of("authorization", "Bearer " + LambdaEvents.INVOKER_TOKEN))).statusCode(200)
                .body("statusCode", equalTo(404))
                .body("body", containsString("serves /prepare-anomaly"));
    }
}
