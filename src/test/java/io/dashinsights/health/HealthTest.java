package io.dashinsights.health;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** With nothing configured, every dependency check is up and says it is the demo source or the local sink. */
@QuarkusTest
class HealthTest {

    @Test
    void embeddedDefaultsAreReadyAndNamed() {
        given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                .body("checks.find { it.name == 'store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'prometheus' }.data.source", equalTo("demo"))
                .body("checks.find { it.name == 'grafana' }.data.sink", equalTo("local"));
    }
}
