package io.dashinsights.contract;

import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.store.Jdbc;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.Envelopes;
import io.dashinsights.support.StoreCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The function endpoints as deployed: an invoker token and webhook sender verification configured. Without
 * the token no stage runs and nothing is written; bodies another web site could send (text/plain, forms, a GET)
 * are refused before anything is read.
 */
@QuarkusTest
@TestProfile(FunctionGateTest.Deployed.class)
class FunctionGateTest {

    static final String TOKEN = "invoker-secret-for-tests";

    /** Invoker token and webhook bearer token set, as the deploy manifests set them. */
    public static class Deployed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.invoker.auth", "token", "insights.invoker.token", TOKEN,
                    "insights.alerts.auth", "bearer", "insights.alerts.token", "webhook-secret-for-tests");
        }
    }

    @Inject
    Jdbc jdbc;
    @Inject
    DashboardImporter importer;

    @BeforeEach
    void dashboard() {
        importer.importJson(Dashboards.one("gate-board", "anomaly_detection", "uid-gate"));
        importer.importJson(Dashboards.one("gate-trend", "trend_analysis", "uid-gate"));
    }

    /** One valid body per invoked function, each of which would change the store if it ran. */
    private static Map<String, String> bodies() {
        return Map.of(
                Functions.TRIGGER, "{\"specversion\":\"1.0\",\"id\":\"gate-trigger\",\"type\":\"dashboard-insights.trigger-on-schedule\",\"source\":\"/test\"}",
                Functions.PREPARE_ANOMALY, Dashboards.envelope(Functions.PREPARE_ANOMALY, "gate-a", "gate-board"),
                Functions.PREPARE_TREND, Dashboards.envelope(Functions.PREPARE_TREND, "gate-t", "gate-trend"),
                Functions.PREPARE_FORECAST, Dashboards.envelope(Functions.PREPARE_FORECAST, "gate-f", "gate-board"),
                Functions.PUSH_GRAFANA, Envelopes.push("gate-p", "gate-board", "uid-gate", "gate-k"));
    }

    @Test
    void everyInvokedFunctionRefusesCallersWithoutTheTokenAndChangesNothing() {
        for (var e : bodies().entrySet()) {
            String before = StoreCounts.snapshot(jdbc);
            given().contentType(ContentType.JSON).body(e.getValue()).post("/" + e.getKey()).then()
                    .statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                    .body("field", equalTo("Authorization"));
            given().contentType(ContentType.JSON).header("Authorization", "Bearer wrong-" + TOKEN)
                    .body(e.getValue()).post("/" + e.getKey()).then().statusCode(401);
            // The webhook's secret is not an invoker credential.
            given().contentType(ContentType.JSON).header("Authorization", "Bearer webhook-secret-for-tests")
                    .body(e.getValue()).post("/" + e.getKey()).then().statusCode(401);
            // Spellings a router might still map to the function are behind the same door.
            for (String path : new String[] {"/" + e.getKey().toUpperCase() + "/", "//" + e.getKey(),
                    "/./" + e.getKey(), "/" + e.getKey() + "/x", "/" + e.getKey() + ";x", "/x/../" + e.getKey()}) {
                given().contentType(ContentType.JSON).body(e.getValue()).post(path).then()
                        .statusCode(not(equalTo(200)));
            }
            assertThat(StoreCounts.snapshot(jdbc)).as("store after refused calls to %s", e.getKey()).isEqualTo(before);
        }
    }

    @Test
    void anEventPostedToTheRootPassesTheSameDoorAsItsFunctionsPath() {
        // Knative delivers to "/" and Funqy's knative binding routes by ce-type: without the check, "/" would
        // reach every function unchecked.
        for (var e : bodies().entrySet()) {
            String before = StoreCounts.snapshot(jdbc);
            String type = e.getKey().equals(Functions.TRIGGER) ? "dev.knative.sources.ping"
                    : "dashboard-insights." + e.getKey();
            given().contentType(ContentType.JSON).header("ce-specversion", "1.0").header("ce-id", "gate-root-1")
                    .header("ce-type", type).header("ce-source", "/test").body(e.getValue()).post("/").then()
                    .statusCode(401).body("field", equalTo("Authorization"));
            assertThat(StoreCounts.snapshot(jdbc)).as("store after a refused event for %s", e.getKey()).isEqualTo(before);
        }
        // A structured event names its function inside the body, which the door does not read: refused unless
        // the caller holds the token.
        given().contentType("application/cloudevents+json").body("{\"specversion\":\"1.0\",\"id\":\"gate-root-2\","
                        + "\"type\":\"dashboard-insights.push-grafana\",\"source\":\"/test\",\"data\":{}}")
                .post("/").then().statusCode(415).body("field", equalTo("Content-Type"));
    }

    @Test
    void theInvokerTokenRunsTheStage() {
        given().contentType(ContentType.JSON).header("Authorization", "bearer " + TOKEN)
                .body(Dashboards.envelope(Functions.PREPARE_ANOMALY, "gate-run-1", "gate-board"))
                .post("/" + Functions.PREPARE_ANOMALY).then().statusCode(200).body("id", equalTo("gate-run-1"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKEN)
                .body(bodies().get(Functions.TRIGGER)).post("/" + Functions.TRIGGER).then().statusCode(200);
    }

    @Test
    void theWebhookChecksItsSendersNotTheInvokerToken() throws Exception {
        String payload;
        try (var in = getClass().getResourceAsStream("/payloads/alertmanager-0.25-real-firing.json")) {
            payload = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String before = StoreCounts.snapshot(jdbc);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKEN).body(payload)
                .post("/" + Functions.WEBHOOK_ERROR_ALERT).then().statusCode(401);
        given().contentType(ContentType.JSON).body(payload).post("/" + Functions.WEBHOOK_ERROR_ALERT).then()
                .statusCode(401);
        assertThat(StoreCounts.snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void bodiesThatAreNotJsonAre415EvenWithTheToken() throws Exception {
        for (String function : Functions.ALL) {
            String before = StoreCounts.snapshot(jdbc);
            String body = bodies().getOrDefault(function, "{}");
            for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/xml", "application/json-seq", ""}) {
                // A raw client: RestAssured would re-encode a form or refuse a missing Content-Type.
                var answer = rawPost("/" + function, type, body);
                assertThat(answer.statusCode()).as("%s as '%s'", function, type).isEqualTo(415);
                assertThat(answer.body()).contains("\"field\":\"Content-Type\"").contains("application/json");
            }
            assertThat(StoreCounts.snapshot(jdbc)).as("store after 415s on %s", function).isEqualTo(before);
        }
    }

    private static java.net.http.HttpResponse<String> rawPost(String path, String contentType, String body)
            throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://localhost:" + io.restassured.RestAssured.port + path))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGetCannotRunAFunction() {
        String before = StoreCounts.snapshot(jdbc);
        given().header("Authorization", "Bearer " + TOKEN).queryParam("dashboardId", "gate-board")
                .get("/" + Functions.TRIGGER).then().statusCode(405).header("Allow", "POST");
        assertThat(StoreCounts.snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void cloudEventsContentTypeIsAccepted() {
        given().contentType("application/cloudevents+json; charset=UTF-8").header("Authorization", "Bearer " + TOKEN)
                .body(Dashboards.envelope(Functions.PREPARE_TREND, "gate-ce-1", "gate-trend"))
                .post("/" + Functions.PREPARE_TREND).then().statusCode(200).body("id", equalTo("gate-ce-1"));
    }

    @Test
    void mutatedEnvelopesWithTheTokenNeverCauseServerErrorsOnAnyFunction() {
        // The bad-input fuzz, through the door as a real invoker passes it: with the token, so mutations reach the
        // functions' own validation. Ids of dashboards that do not exist keep valid mutations from running stages.
        java.util.List<String[]> seeds = java.util.List.of(
                new String[] {Functions.TRIGGER, bodies().get(Functions.TRIGGER)},
                new String[] {Functions.PREPARE_ANOMALY, Dashboards.envelope(Functions.PREPARE_ANOMALY, "fzt-1", "fzt-missing")},
                new String[] {Functions.PREPARE_TREND, Dashboards.envelope(Functions.PREPARE_TREND, "fzt-2", "fzt-missing")},
                new String[] {Functions.PREPARE_FORECAST, Dashboards.envelope(Functions.PREPARE_FORECAST, "fzt-3", "fzt-missing")},
                new String[] {Functions.PUSH_GRAFANA, Envelopes.push("fzt-4", "gate-board", "uid-gate", "fzt-k")});
        java.util.Random random = new java.util.Random(20261201L);
        for (int i = 0; i < 400; i++) {
            String[] seed = seeds.get(random.nextInt(seeds.size()));
            String body = io.dashinsights.support.Mutator.mutate(seed[1], random);
            var answer = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKEN).body(body)
                    .post("/" + seed[0]);
            assertThat(answer.statusCode()).as("case %d to %s: %s", i, seed[0], body).isLessThan(500);
            assertThat(answer.asString()).as("case %d answer", i).doesNotContain("\tat ").doesNotContain("SELECT ")
                    .doesNotContain("INSERT ");
        }
    }
}
