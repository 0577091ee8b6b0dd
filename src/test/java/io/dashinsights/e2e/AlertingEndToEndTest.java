package io.dashinsights.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dashinsights.domain.AlertStatus;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.insight.Numbers;
import io.dashinsights.support.GrafanaSpec;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with the real systems, started by {@code scripts/alerting-e2e.sh}: Prometheus scrapes the
 * exporter below and evaluates {@code error ratio > 5 %}; Alertmanager's webhook (bearer token) reaches
 * this running application; Grafana is the OpenAPI-checked stand-in. The exporter's error ratio goes to
 * 25 % and back to 0: exactly one region annotation on the routed panel, with the rate measured in
 * Prometheus, closed at the alert's endsAt.
 */
@Tag("e2e")
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(AlertingEndToEndTest.RealSystems.class)
class AlertingEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Ports and URLs from the script; without them this test cannot mean anything, so it fails. */
    static String required(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run this test through "
                    + "scripts/alerting-e2e.sh, which starts Prometheus and Alertmanager");
        }
        return v;
    }

    /** JUnit discovery reads the profile even when the e2e tag is excluded: no failing there, only in the test. */
    static String optional(String name, String fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static class RealSystems implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String window = "[10s]";
            return Map.ofEntries(
                    Map.entry("quarkus.http.test-port", optional("e2e.app.port", "0")),
                    Map.entry("quarkus.http.host", "127.0.0.1"),
                    Map.entry("insights.prometheus.url", optional("e2e.prometheus.url", "http://127.0.0.1:9")),
                    Map.entry("insights.alerts.auth", "bearer"),
                    Map.entry("insights.alerts.token", optional("e2e.token", "unset")),
                    // The rule's own expression, for the alert's service: the same number at the same instant.
                    Map.entry("insights.alerts.error-rate-query", "sum(rate(http_requests_total{status=~\"5..\",$labels}"
                            + window + ")) / sum(rate(http_requests_total{$labels}" + window + "))"),
                    Map.entry("insights.alerts.series-window", "2m"));
        }
    }

    @StandIns.Server
    WireMockServer grafana;

    @Inject
    DashboardImporter importer;

    @Test
    void errorRateAboveFivePercentAnnotatesTheRoutedPanelOnceAndClosesItOnResolve() throws Exception {
        String prometheus = required("e2e.prometheus.url");
        required("e2e.app.port");
        required("e2e.token");
        assertThat(httpGet(prometheus + "/-/ready")).as("Prometheus at " + prometheus + " answers").contains("Ready");
        grafana.resetAll();
        grafana.stubFor(get(urlPathEqualTo("/api/annotations")).willReturn(okJson(
                "[{\"id\":3,\"time\":" + (System.currentTimeMillis() - 60_000) + ",\"text\":\"deploy checkout v9\","
                        + "\"tags\":[\"deploy\"]}]")));
        grafana.stubFor(post(urlEqualTo("/api/annotations")).willReturn(okJson("{\"message\":\"Annotation added\",\"id\":9001}")));
        grafana.stubFor(patch(urlPathMatching("/api/annotations/\\d+")).willReturn(okJson("{\"message\":\"Annotation patched\"}")));
        importer.importJson(MAPPER.readTree("""
                {"dashboards": [{"id": "checkout-errors", "type": "error_rate",
                  "queries": {"error_ratio": "sum(rate(http_requests_total{status=~\\"5..\\"}[10s])) / sum(rate(http_requests_total[10s]))"},
                  "refresh_minutes": 1440, "grafana": {"dashboardUid": "svc-overview", "panelId": 3},
                  "alert_routes": [{"match": {"service": "checkout"},
                                    "grafana": {"dashboardUid": "svc-overview", "panelIds": [3]}}]}]}
                """));

        try (ErrorRateExporter exporter = new ErrorRateExporter(Integer.parseInt(required("e2e.exporter.port")))) {
            // Healthy traffic first, so the rate window has history; then errors.
            await(Duration.ofSeconds(60), "Prometheus scraping the exporter", () -> httpGet(prometheus
                    + "/api/v1/query?query=count_over_time(http_requests_total%7Bservice%3D%22checkout%22%7D%5B10s%5D)")
                    .matches("(?s).*\"value\":\\[[0-9.]+,\"([5-9]|[1-9][0-9]+)\"].*"));
            exporter.setErrorRatio(0.25);
            JsonNode annotated = await(Duration.ofSeconds(90), "the alert annotated", () -> state("annotated"));

            List<LoggedRequest> created = grafana.findAll(postRequestedFor(urlEqualTo("/api/annotations")));
            assertThat(created).hasSize(1);
            JsonNode body = MAPPER.readTree(created.get(0).getBodyAsString());
            double rate = annotated.path("errorRate").asDouble();
            assertThat(annotated.path("rateSource").asText()).isEqualTo("prometheus");
            assertThat(rate).isGreaterThan(0.05).isLessThanOrEqualTo(0.25);
            assertThat(body.path("dashboardUID").asText()).isEqualTo("svc-overview");
            assertThat(body.path("panelId").asInt()).isEqualTo(3);
            assertThat(body.path("time").asLong()).isEqualTo(annotated.path("startsAt").asLong());
            assertThat(body.path("timeEnd").asLong()).isGreaterThanOrEqualTo(body.path("time").asLong());
            assertThat(body.path("text").asText()).contains("Error rate " + Numbers.percent(rate), "threshold 5.0%",
                    "deploy checkout v9", "route=/pay");

            System.out.printf("e2e: annotated %s/%d with the error rate measured in Prometheus at startsAt: %s%n",
                    body.path("dashboardUID").asText(), body.path("panelId").asInt(), Numbers.percent(rate));
            exporter.setErrorRatio(0.0);
            JsonNode resolved = await(Duration.ofSeconds(120), "the alert resolved", () -> state("resolved"));

            assertThat(grafana.findAll(postRequestedFor(urlEqualTo("/api/annotations")))).as("never a second annotation")
                    .hasSize(1);
            List<LoggedRequest> patches = grafana.findAll(patchRequestedFor(urlPathMatching("/api/annotations/\\d+")));
            assertThat(patches).hasSize(1);
            assertThat(patches.get(0).getUrl()).isEqualTo("/api/annotations/9001");
            JsonNode closed = MAPPER.readTree(patches.get(0).getBodyAsString());
            assertThat(closed.path("timeEnd").asLong()).isEqualTo(resolved.path("endsAt").asLong())
                    .isGreaterThan(closed.path("time").asLong());
            assertThat(closed.path("text").asText()).contains("Error rate " + Numbers.percent(rate), "Resolved at");
            GrafanaSpec.assertAllRequestsValid(grafana);
            System.out.printf("e2e: closed annotation 9001 at endsAt %s%n",
                    java.time.Instant.ofEpochMilli(closed.path("timeEnd").asLong()));
        }
    }

    /** The one alert of this test in the given status, or null. */
    private static JsonNode state(String status) {
        try {
            JsonNode all = MAPPER.readTree(given().get("/api/alerts").then().statusCode(200).extract().asString());
            for (JsonNode s : all) {
                if (s.path("alertName").asText().equals("HighErrorRate")) {
                    assertThat(s.path("status").asText()).as("alert state " + s)
                            .isIn(AlertStatus.ANNOTATING.code(), AlertStatus.ANNOTATED.code(), AlertStatus.RESOLVED.code());
                    return status.equals(s.path("status").asText()) ? s : null;
                }
            }
            return null;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Duration timeout, String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null && !Boolean.FALSE.equals(v)) {
                return v;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    private static String httpGet(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
