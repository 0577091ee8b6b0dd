package io.dashinsights.insight;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.GrafanaSpec;
import io.dashinsights.support.LlmStandIn;
import io.dashinsights.support.PrometheusStandIn;
import io.dashinsights.support.StandIns;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Degraded now, better later: annotations (of dashboards and of error-rate alerts) that went out with the template
 * because the model was down are
 * asked again by later trigger runs (a bounded number of times) and the same annotations are PATCHed with the
 * model's words and tag, never created twice. Prometheus, Grafana and the model are WireMock stand-ins
 * reached over HTTP through the real clients.
 */
@QuarkusTest
@TestProfile(ExplainAgainLaterTest.ModelAndStandIns.class)
class ExplainAgainLaterTest {

    public static class ModelAndStandIns implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(ModelProfiles.overrides("llama3"));
            // Due again at once, so the test's next trigger run is the early re-run.
            config.put("insights.ai.explain-again-delay", "0s");
            config.put("insights.ai.explain-again-attempts", "2");
            // The model is down on purpose in the first run; the breaker must not decide the second (its own test).
            config.put("insights.ai.circuit-window", "1000");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StandIns.class),
                    new TestResourceEntry(LlmStandIn.class, Map.of("provider", "ollama")));
        }
    }

    @StandIns.Server
    WireMockServer stub;

    @LlmStandIn.Server
    WireMockServer llm;

    @Inject
    DashboardImporter importer;

    @BeforeEach
    void healthyWorldWithTheModelDown() {
        StandIns.stubMetricsAndGrafana(stub);
        // One incident at a fixed time, so a later run finds the same finding again (as with real data).
        long now = System.currentTimeMillis() / 1000;
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(aResponse()
                .withTransformers(PrometheusStandIn.NAME)
                .withTransformerParameter("spikeFrom", now - 7_200).withTransformerParameter("spikeTo", now - 6_000)));
        // A distinct id per created annotation, as Grafana gives, so each finding keeps its own link.
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"message\":\"Annotation added\",\"id\":{{randomInt lower=1000 upper=1000000000}} }")));
        llm.resetAll();
        llm.stubFor(LlmStandIn.chat("ollama").willReturn(aResponse().withStatus(503)
                .withBody("{\"error\":\"server busy, please try again\"}")));
    }

    private static JsonPath trigger() {
        return given().contentType(ContentType.JSON).body("{}").post("/trigger-on-schedule").then().statusCode(200)
                .extract().jsonPath();
    }

    /**
     * PATCHes of the annotations created on {@code uid}'s dashboard: the store is shared by every test app in the
     * JVM, so a trigger run may also re-run dashboards other test classes left due.
     */
    private List<LoggedRequest> patchesOf(String uid) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var event : stub.getAllServeEvents()) {
            var request = event.getRequest();
            if (request.getMethod().getName().equals("POST") && request.getUrl().equals("/api/annotations")
                    && request.getBodyAsString().contains("\"dashboardUID\":\"" + uid + "\"")) {
                var id = java.util.regex.Pattern.compile("\"id\":\\s*(\\d+)").matcher(event.getResponse().getBodyAsString());
                if (id.find()) {
                    ids.add(id.group(1));
                }
            }
        }
        return stub.findAll(patchRequestedFor(urlPathMatching("/api/annotations/\\d+"))).stream()
                .filter(r -> ids.contains(r.getUrl().substring(r.getUrl().lastIndexOf('/') + 1))).toList();
    }

    private List<LoggedRequest> created(String uid) {
        return stub.findAll(postRequestedFor(urlEqualTo("/api/annotations"))
                .withRequestBody(matchingJsonPath("$.dashboardUID", com.github.tomakehurst.wiremock.client.WireMock.equalTo(uid))));
    }

    @Test
    void templateAnnotationsAreRewrittenByTheModelLaterInPlace() {
        importer.importJson(Dashboards.one("later-anomaly", "anomaly_detection", "uid-later"));

        assertThat(trigger().getList("dashboards", String.class)).contains("later-anomaly");
        List<LoggedRequest> first = created("uid-later");
        assertThat(first).isNotEmpty().allSatisfy(r -> assertThat(r.getBodyAsString()).contains("ai:template"));

        // The model is back: a grounded answer (no number of its own), in the near-miss shape real models give
        // (causes as plain strings, "recommendations", a numeric confidence), one entry per incident of the run.
        llm.resetAll();
        String one = """
                {"summary": "Requests rose far above their usual level for this time of day.",
                 "likelyCauses": ["a retry storm after a slow dependency"],
                 "recommendations": ["check the load balancer"], "confidence": 0.6}""";
        llm.stubFor(LlmStandIn.chat("ollama").willReturn(LlmStandIn.answer("ollama", "llama3",
                "{\"incidents\": [" + String.join(",", java.util.Collections.nCopies(first.size(), one)) + "]}")));

        assertThat(trigger().getList("dashboards", String.class)).as("due again early").contains("later-anomaly");

        assertThat(created("uid-later")).as("no second annotation").hasSameSizeAs(first);
        List<LoggedRequest> patched = patchesOf("uid-later");
        assertThat(patched).as("each annotation upgraded in place").hasSameSizeAs(first)
                .allSatisfy(r -> assertThat(r.getBodyAsString())
                        .contains("ai:llama3").doesNotContain("ai:template")
                        .contains("Requests rose far above their usual level"));
        GrafanaSpec.assertAllRequestsValid(stub);

        // Explained by the model now: back on the normal schedule.
        assertThat(trigger().getList("dashboards", String.class)).doesNotContain("later-anomaly");
    }

    @Test
    void asksAgainABoundedNumberOfTimesWhileTheModelStaysDown() {
        importer.importJson(Dashboards.one("later-down", "anomaly_detection", "uid-later-down"));

        assertThat(trigger().getList("dashboards", String.class)).contains("later-down");
        // explain-again-attempts = 2: two early re-runs, then the dashboard waits for its refresh.
        assertThat(trigger().getList("dashboards", String.class)).contains("later-down");
        assertThat(trigger().getList("dashboards", String.class)).contains("later-down");
        assertThat(trigger().getList("dashboards", String.class)).doesNotContain("later-down");

        List<LoggedRequest> created = created("uid-later-down");
        assertThat(patchesOf("uid-later-down"))
                .as("each early re-run updates the same annotations").hasSize(2 * created.size());
    }

    // ---- alerts --------------------------------------------------------------------------------------------

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Posts the Grafana webhook example as a new alert (own fingerprint, and a label that names it in prompts). */
    private static String fireAlert() throws Exception {
        ObjectNode payload = (ObjectNode) JSON.readTree(ExplainAgainLaterTest.class.getResourceAsStream(
                "/payloads/grafana-webhook-error-rate-constructed-example.json"));
        String fingerprint = Long.toHexString(System.nanoTime());
        payload.get("alerts").forEach(a -> {
            ((ObjectNode) a).put("fingerprint", fingerprint);
            ((ObjectNode) a.get("labels")).put("instance", "checkout-" + fingerprint);
        });
        given().contentType(ContentType.JSON).body(payload.toString()).post("/on-webhook-error-alert").then()
                .statusCode(200);
        return fingerprint;
    }

    /** The alert's row as the read API shows it (alert_states), once it has reached {@code status}. */
    private static JsonNode awaitAlert(String fingerprint, String status) throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        while (true) {
            for (JsonNode n : JSON.readTree(given().get("/api/alerts?limit=1000").then().statusCode(200).extract()
                    .asString())) {
                if (fingerprint.equals(n.path("fingerprint").asText()) && status.equals(n.path("status").asText())) {
                    return n;
                }
            }
            assertThat(System.currentTimeMillis()).as("alert " + fingerprint + " reaching " + status).isLessThan(until);
            Thread.sleep(100);
        }
    }

    private List<LoggedRequest> createdWithId(String id) {
        return stub.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals("POST")
                        && e.getRequest().getUrl().equals("/api/annotations")
                        && e.getResponse().getBodyAsString().matches(".*\"id\":\\s*" + id + "\\D.*"))
                .map(e -> LoggedRequest.createFrom(e.getRequest())).toList();
    }

    private List<LoggedRequest> patchesOfId(String id) {
        return stub.findAll(patchRequestedFor(urlEqualTo("/api/annotations/" + id)));
    }

    /** Model requests about this alert (its prompt carries the alert's labels). */
    private int askedAbout(String fingerprint) {
        return llm.findAll(postRequestedFor(urlEqualTo(LlmStandIn.path("ollama")))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("checkout-" + fingerprint)))
                .size();
    }

    @Test
    void alertAnnotationsWrittenByTheTemplateAreRewrittenByTheModelLaterInPlace() throws Exception {
        String fingerprint = fireAlert();
        JsonNode annotated = awaitAlert(fingerprint, "annotated");
        String id = annotated.path("annotationIds").path(0).asText();
        assertThat(id).matches("\\d+");
        assertThat(annotated.path("tags").toString()).contains("ai:template");
        assertThat(createdWithId(id)).hasSize(1);

        // The model is back, answering in the near-miss shape; its summary states the measured rate (grounded).
        String rate = Numbers.percent(annotated.path("errorRate").asDouble());
        llm.resetAll();
        llm.stubFor(LlmStandIn.chat("ollama").willReturn(LlmStandIn.answer("ollama", "llama3", """
                ```json
                {"summary": "The checkout error rate reached %s, above its threshold, most likely from a failing dependency.",
                 "likelyCauses": ["a failing dependency of checkout"],
                 "recommendations": ["check the checkout service logs"], "confidence": "medium"}
                ```""".formatted(rate))));
        trigger();

        assertThat(createdWithId(id)).as("no second annotation").hasSize(1);
        List<LoggedRequest> patched = patchesOfId(id);
        assertThat(patched).as("the same annotation upgraded in place").hasSize(1);
        JsonNode body = JSON.readTree(patched.get(0).getBodyAsString());
        assertThat(body.path("tags").toString()).contains("ai:llama3").doesNotContain("ai:template");
        assertThat(body.path("text").asText()).contains("The checkout error rate reached " + rate)
                .contains("a failing dependency of checkout").contains("Written by AI model llama3");
        assertThat(awaitAlert(fingerprint, "annotated").path("tags").toString()).contains("ai:llama3")
                .doesNotContain("ai:template");
        GrafanaSpec.assertAllRequestsValid(stub);

        // Explained by the model now: not asked again.
        int asked = askedAbout(fingerprint);
        trigger();
        assertThat(askedAbout(fingerprint)).isEqualTo(asked);
        assertThat(patchesOfId(id)).hasSize(1);
    }

    @Test
    void alertsAreAskedAgainABoundedNumberOfTimesWhileTheModelStaysDown() throws Exception {
        String fingerprint = fireAlert();
        String id = awaitAlert(fingerprint, "annotated").path("annotationIds").path(0).asText();
        int first = askedAbout(fingerprint);
        assertThat(first).as("asked once when the alert fired").isPositive();

        // explain-again-attempts = 2 (delay 0 s): each of two trigger runs asks again, later ones do not.
        trigger();
        int second = askedAbout(fingerprint);
        trigger();
        int third = askedAbout(fingerprint);
        trigger();

        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(askedAbout(fingerprint)).as("no third try").isEqualTo(third);
        assertThat(patchesOfId(id)).as("the template's annotation is left as it is").isEmpty();
        assertThat(createdWithId(id)).hasSize(1);
        assertThat(awaitAlert(fingerprint, "annotated").path("tags").toString()).contains("ai:template");
    }
}
