package io.dashinsights.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.GrafanaSpec;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** What Grafana receives for an annotation: escaped HTML with line breaks, and tags its parser keeps whole. */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class AnnotationOnThePanelTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @StandIns.Server
    WireMockServer stub;

    @Inject
    DashboardImporter importer;

    @BeforeEach
    void reset() {
        StandIns.stubMetricsAndGrafana(stub);
    }

    private List<JsonNode> annotationPosts() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : stub.findAll(postRequestedFor(urlEqualTo("/api/annotations")))) {
            bodies.add(MAPPER.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    @Test
    void htmlFromLabelsAndModelArrivesEscapedLinesAsBreaksAndTagsSurviveGrafanasParser() throws Exception {
        importer.importJson(Dashboards.one("panel-html", "anomaly_detection", "uid-panel-html"));
        String text = "Error rate 20.0% on <a href=\\\"https://evil.example\\\">checkout</a>\\n"
                + "Model: <img src=https://evil.example/x.png> & co\\nWritten by template";
        String envelope = """
                {"specversion": "1.0", "id": "panel-html-1", "type": "dashboard-insights.push-grafana", "source": "/test",
                 "runid": "panel-html-1", "data": {"dashboardId": "panel-html", "target": {"dashboardUid": "uid-panel-html",
                 "panelId": 2}, "annotations": [{"key": "k-html", "scope": "k-html", "time": 1767225600000,
                 "timeEnd": 1767229200000, "text": "%s",
                 "tags": ["error-rate", "alertname:Checkout:Errors,High", %s]}]}}
                """.formatted(text, java.util.stream.IntStream.range(0, 8).mapToObj(i -> "\"label" + i + ":" + "x".repeat(90) + "\"")
                .collect(java.util.stream.Collectors.joining(", ")));

        given().contentType(ContentType.JSON).body(envelope).post("/push-grafana").then().statusCode(200)
                .body("status", equalTo("succeeded"));

        JsonNode sent = annotationPosts().get(0);
        String html = sent.path("text").asText();
        assertThat(html).doesNotContain("<a ", "<img", "\n")
                .contains("&lt;a href=&quot;https://evil.example&quot;&gt;checkout&lt;/a&gt;")
                .contains("&lt;img src=https://evil.example/x.png&gt; &amp; co");
        assertThat(html.split("<br>")).hasSize(3);
        List<String> tags = new ArrayList<>();
        sent.path("tags").forEach(t -> tags.add(t.asText()));
        assertThat(tags).contains("alertname:Checkout.Errors;High", "error-rate")
                .allSatisfy(t -> assertThat(t.split(":", -1).length).isLessThanOrEqualTo(2));
        assertThat(MAPPER.writeValueAsString(sent.path("tags")).length()).isLessThanOrEqualTo(500);
        GrafanaSpec.assertAllRequestsValid(stub);
    }
}
