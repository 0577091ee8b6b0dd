package io.dashinsights.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.CapturedSeries;
import io.dashinsights.support.GrafanaSpec;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.dashinsights.support.CapturedSeries.INCIDENT_FROM;
import static io.dashinsights.support.CapturedSeries.INCIDENT_TO;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * prepare-anomaly → push-grafana on what a real Prometheus answered about a backfilled 20-minute incident (error
 * ratio 1 % → 6.7 %, and the error rate moving with it; scripts/capture-incident-backfill.sh), through the real
 * Prometheus client and the real Grafana client against stand-ins.
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class IncidentAnnotationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RATIO = "sum(rate(http_requests_total{status=~\\\"5..\\\"}[5m])) / sum(rate(http_requests_total[5m]))";
    private static final String ERRORS = "sum(rate(http_requests_total{status=~\\\"5..\\\"}[5m]))";

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @BeforeEach
    void stubs() {
        StandIns.stubMetricsAndGrafana(stub);
        // The form body carries the PromQL; only the ratio divides ("/" is %2F in it).
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).atPriority(2)
                .willReturn(okJson(CapturedSeries.body("errors_per_second"))));
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).atPriority(1).withRequestBody(containing("%2F"))
                .willReturn(okJson(CapturedSeries.body("error_ratio"))));
    }

    private void dashboard(String id) {
        importer.importJson(MAPPER.valueToTree(readTree("""
                {"dashboards": [{"id": "%s", "type": "anomaly_detection", "title": "Checkout <b>errors</b>",
                  "metrics": ["error_ratio", "errors_per_second"],
                  "queries": {"error_ratio": "%s", "errors_per_second": "%s"},
                  "time_range": "24h", "refresh_minutes": 5, "grafana": {"dashboardUid": "uid-%s", "panelId": 2}}]}
                """.formatted(id, RATIO, ERRORS, id))));
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void prepare(String envelopeId, String dashboardId, long now) {
        given().contentType(ContentType.JSON).body("""
                {"specversion": "1.0", "id": "%s", "type": "dashboard-insights.prepare-anomaly", "source": "/test",
                 "subject": "%s", "data": {"dashboardId": "%s", "now": "%s"}}
                """.formatted(envelopeId, dashboardId, dashboardId, Instant.ofEpochMilli(now)))
                .post("/prepare-anomaly").then().statusCode(200);
    }

    private List<JsonNode> bodies(List<LoggedRequest> requests) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (LoggedRequest r : requests) {
            out.add(MAPPER.readTree(r.getBodyAsString()));
        }
        return out;
    }

    private List<JsonNode> incidentPosts(String uid) throws Exception {
        return bodies(stub.findAll(postRequestedFor(urlEqualTo("/api/annotations")))).stream()
                .filter(b -> b.path("dashboardUID").asText().equals(uid)).toList();
    }

    private static List<String> tags(JsonNode annotation) {
        List<String> tags = new ArrayList<>();
        annotation.path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    @Test
    void twoMetricsMovingTogetherGiveOneRegionCoveringTheIncidentWithItsTruePeak() throws Exception {
        dashboard("inc-both");

        prepare("inc-both-1", "inc-both", CapturedSeries.CAPTURE_END);

        List<JsonNode> posts = incidentPosts("uid-inc-both");
        assertThat(posts).hasSize(1);
        JsonNode a = posts.get(0);
        long time = a.path("time").asLong();
        long timeEnd = a.path("timeEnd").asLong();
        double covered = (Math.min(timeEnd, INCIDENT_TO) - Math.max(time, INCIDENT_FROM)) / (double) (INCIDENT_TO - INCIDENT_FROM);
        assertThat(covered).isGreaterThanOrEqualTo(0.6);
        String text = a.path("text").asText();
        assertThat(text).contains("error_ratio peaked at 6.", "errors_per_second peaked at").doesNotContain("\n");
        assertThat(text.split("<br>").length).isBetween(4, 8);
        assertThat(tags(a)).contains("anomaly", "metric:error_ratio", "metric:errors_per_second").doesNotContain("open");

        JsonNode found = given().get("/api/dashboards/inc-both/findings").then().statusCode(200).extract()
                .as(JsonNode.class);
        // Marginal (low) incidents stay in the findings without an annotation; the incident is the one that is not.
        List<JsonNode> incidents = new ArrayList<>();
        found.path("anomalies").forEach(x -> {
            if (!x.path("severity").asText().equals("low")) {
                incidents.add(x);
            }
        });
        assertThat(incidents).hasSize(1);
        JsonNode incident = incidents.get(0);
        JsonNode ratio = null;
        for (JsonNode m : incident.path("metrics")) {
            if (m.path("metric").asText().equals("error_ratio")) {
                ratio = m;
            }
        }
        assertThat(incident.path("metrics")).hasSize(2);
        assertThat(ratio).isNotNull();
        assertThat(ratio.path("peakValue").asDouble()).isCloseTo(0.067, within(0.0067));
        assertThat(ratio.path("expected").asDouble()).isCloseTo(0.01, within(0.002));
        assertThat(ratio.path("unit").asText()).isEqualTo("RATIO");
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    @Test
    void openIncidentIsPatchedOnTheNextRunNotCreatedAgain() throws Exception {
        dashboard("inc-open");
        long midIncident = INCIDENT_FROM + 12 * 60_000;

        prepare("inc-open-1", "inc-open", midIncident);
        List<JsonNode> first = incidentPosts("uid-inc-open");
        assertThat(first).hasSize(1);
        assertThat(tags(first.get(0))).contains("open");
        assertThat(first.get(0).path("text").asText()).contains("still going");
        long firstEnd = first.get(0).path("timeEnd").asLong();

        prepare("inc-open-2", "inc-open", CapturedSeries.CAPTURE_END);

        assertThat(incidentPosts("uid-inc-open")).hasSize(1);
        List<JsonNode> patches = bodies(stub.findAll(patchRequestedFor(urlPathMatching("/api/annotations/41"))));
        assertThat(patches).isNotEmpty();
        JsonNode closed = patches.get(patches.size() - 1);
        assertThat(closed.path("timeEnd").asLong()).isGreaterThan(firstEnd);
        assertThat(tags(closed)).doesNotContain("open");
        assertThat(closed.path("text").asText()).doesNotContain("still going");
    }
}
