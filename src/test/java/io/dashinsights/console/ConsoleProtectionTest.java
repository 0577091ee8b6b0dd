package io.dashinsights.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.dashboard.DashboardImporter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import java.time.Instant;
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
                    "insights.console.password", "s3cret", "insights.console.read-only", "true");
        }
    }

    @Inject
    DashboardImporter importer;
    @Inject
    ObjectMapper mapper;

    /** Not due, so trigger runs of other tests on this shared database leave it alone. */
    @BeforeEach
    void dashboard() throws Exception {
        importer.importJson(mapper.readTree("""
                {"dashboards": [{"id": "protected-board", "type": "anomaly_detection", "title": "Protected board",
                  "metrics": ["m"], "grafana": {"dashboardUid": "u"}, "last_update": "%s"}]}
                """.formatted(Instant.now())));
    }

    @Test
    void pagesAskForCredentialsAndRefuseWrongOnes() {
        for (String path : new String[] {"/", "/dashboards/protected-board", "/alerts"}) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", containsString("Basic realm="));
            given().auth().preemptive().basic("ops", "wrong").get(path).then().statusCode(401);
        }
        given().auth().preemptive().basic("ops", "s3cret").get("/").then().statusCode(200)
                .body(containsString("Protected board"));
    }

    @Test
    void readOnlyConsoleShowsNoRunButtonAndRefusesRuns() {
        given().auth().preemptive().basic("ops", "s3cret").get("/dashboards/protected-board").then().statusCode(200)
                .body(containsString("read-only console"), not(containsString("Run now")));
        given().auth().preemptive().basic("ops", "s3cret").formParam("token", "x")
                .post("/dashboards/protected-board/run").then().statusCode(403).body(containsString("read-only"));
    }

    @Test
    void readApiAndMetricsFollowTheConsoleLogin() {
        for (String path : new String[] {"/api/dashboards", "/api/updates", "/api/alerts", "/api/alerts/groups",
                "/q/metrics", "/api/no-such-endpoint", "/API/dashboards"}) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", containsString("Basic realm="))
                    .body(not(containsString("protected-board")));
            given().auth().preemptive().basic("ops", "wrong").get(path).then().statusCode(401);
        }
        given().auth().preemptive().basic("ops", "s3cret").get("/api/dashboards").then().statusCode(200)
                .body(containsString("protected-board"));
        given().auth().preemptive().basic("ops", "s3cret").get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_"));
    }

    @Test
    void healthProbesAndFunctionsAreNotBehindTheConsoleLogin() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        // Functions have their own door (the invoker token, open in tests): the console login is not asked for.
        given().contentType("application/json").body("{}").post("/push-grafana").then()
                .header("WWW-Authenticate", org.hamcrest.Matchers.nullValue());
    }
}
