package io.dashinsights.console;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/** A console configured as in production: basic auth and read-only. */
@QuarkusTest
@TestProfile(ConsoleProtectionTest.Protected.class)
class ConsoleProtectionTest {

    /** Basic auth and read-only, as production would set them. */
    public static class Protected implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.console.auth", "basic", "insights.console.username", "ops",
                    "insights.console.password", "s3cret", "insights.console.read-only", "true",
                    "insights.dashboards.import", "classpath:dashboard_config.json");
        }
    }

    @Test
    void pagesAskForCredentialsAndRefuseWrongOnes() {
        for (String path : new String[] {"/", "/dashboards/sales_anomalies", "/alerts"}) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", containsString("Basic realm="));
            given().auth().preemptive().basic("ops", "wrong").get(path).then().statusCode(401);
        }
        given().auth().preemptive().basic("ops", "s3cret").get("/").then().statusCode(200)
                .body(containsString("Sales anomalies"));
    }

    @Test
    void readOnlyConsoleShowsNoRunButtonAndRefusesRuns() {
        given().auth().preemptive().basic("ops", "s3cret").get("/dashboards/sales_anomalies").then().statusCode(200)
                .body(containsString("read-only console"), not(containsString("Run now")));
        given().auth().preemptive().basic("ops", "s3cret").formParam("token", "x")
                .post("/dashboards/sales_anomalies/run").then().statusCode(403).body(containsString("read-only"));
    }

    @Test
    void functionsAndReadApiAreNotBehindTheConsoleLogin() {
        given().get("/api/dashboards").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }
}
