package io.dashinsights.health;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;

/**
 * Readiness is the store alone; the systems we call are in their own group, up with nothing configured and
 * saying they are the demo source or the local sink.
 */
@QuarkusTest
class HealthTest {

    @Test
    void readinessIsTheStoreAndDependenciesAreTheirOwnGroup() {
        given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                .body("checks.name", hasItem("store"))
                .body("checks.name", not(hasItem("prometheus")))
                .body("checks.name", not(hasItem("grafana")))
                .body("checks.find { it.name == 'store' }.status", equalTo("UP"));
        given().get("/q/health/group/dependencies").then().log().ifValidationFails().statusCode(200)
                .body("checks.find { it.name == 'prometheus' }.data.source", equalTo("demo"))
                .body("checks.find { it.name == 'grafana' }.data.sink", equalTo("local"));
    }
}
