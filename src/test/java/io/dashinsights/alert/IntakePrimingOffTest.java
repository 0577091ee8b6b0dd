package io.dashinsights.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A per-function deployment of another function (a Knative Service with INSIGHTS_INVOKER_SERVE=prepare-anomaly) has no
 * webhook to prime: priming is off there, whatever insights.alerts.prime-deliveries says, and the instance is ready at
 * once instead of spending its startup on deliveries its own gate would answer 404.
 */
@QuarkusTest
@TestProfile(IntakePrimingOffTest.OtherFunction.class)
class IntakePrimingOffTest {

    public static class OtherFunction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.invoker.serve", "prepare-anomaly", "insights.alerts.auth", "bearer",
                    "insights.alerts.token", "priming-off-token", "insights.alerts.prime-deliveries", "20");
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void aDeploymentOfAnotherFunctionDoesNotPrimeTheWebhook() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'webhook-priming' }.data.state", equalTo("off"));
        assertThat(registry.find("http.server.requests").tag("uri", "/on-webhook-error-alert").timers())
                .as("webhook requests served").isEmpty();
    }
}
