package io.dashinsights.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.domain.Investigation;
import io.dashinsights.domain.Investigation.Change;
import io.dashinsights.domain.Investigation.Check;
import io.dashinsights.domain.Investigation.CoMoving;
import io.dashinsights.domain.Investigation.LabelShare;
import io.dashinsights.investigation.InvestigationRequest;
import io.dashinsights.investigation.Investigator;
import io.dashinsights.support.GrafanaSpec;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The investigation against a real Prometheus holding a backfilled history ({@code scripts/alerting-e2e.sh} writes
 * it with {@code scripts/history-openmetrics.sh} and loads it with promtool before Prometheus starts): a 20-minute
 * incident of the "shop" service carried by route /pay, a new build 4 minutes before it, in-flight requests
 * tripling with it. Grafana is the OpenAPI-checked stand-in holding a deploy annotation on the shop dashboard. The
 * app reads Prometheus through the stand-in, which forwards every call to the real server, so one test can take the
 * series API down.
 */
@Tag("e2e")
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(InvestigationEndToEndTest.History.class)
class InvestigationEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ERROR_RATIO = "sum(rate(http_requests_total{status=~\"5..\",service=\"shop\"}[1m]))"
            + " / sum(rate(http_requests_total{service=\"shop\"}[1m]))";
    private static final String TOKEN = "investigation-e2e";

    public static class History implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("insights.alerts.auth", "bearer", "insights.alerts.token", TOKEN,
                    "insights.alerts.error-rate-query", "sum(rate(http_requests_total{status=~\"5..\",$labels}[1m]))"
                            + " / sum(rate(http_requests_total{$labels}[1m]))",
                    "insights.alerts.retry-delay", "1s",
                    "insights.investigation.timeout", "30s");
        }
    }

    @StandIns.Server
    WireMockServer stub;

    @Inject
    Investigator investigator;

    @Inject
    DashboardImporter importer;

    private Instant t0;

    @BeforeEach
    void realPrometheusBehindTheStandIn() throws Exception {
        String prometheus = AlertingEndToEndTest.required("e2e.prometheus.url");
        t0 = Instant.ofEpochSecond(Long.parseLong(AlertingEndToEndTest.required("e2e.history.t0")));
        stub.resetAll();
        stub.stubFor(any(urlPathMatching("/api/v1/.*")).atPriority(10).willReturn(aResponse().proxiedFrom(prometheus)));
        stub.stubFor(get(urlPathEqualTo("/api/annotations")).willReturn(okJson("[{\"id\":12,\"dashboardUID\":"
                + "\"shop-overview\",\"time\":" + t0.minusSeconds(240).toEpochMilli() + ",\"text\":\"deploy shop 1.4.0\","
                + "\"tags\":[\"deploy\"]},{\"id\":13,\"time\":" + t0.minusSeconds(600).toEpochMilli()
                + ",\"text\":\"Error rate 9% - deploy was the cause\",\"tags\":[\"deploy\",\"dashboard-insights\"]}]")));
        stub.stubFor(post(urlEqualTo("/api/annotations")).willReturn(okJson("{\"message\":\"Annotation added\",\"id\":77}")));
        stub.stubFor(patch(urlPathMatching("/api/annotations/\\d+")).willReturn(okJson("{\"message\":\"Annotation patched\"}")));
    }

    @Test
    void theIncidentIsTracedToTheRouteThatCarriesItTheDeployBeforeItAndTheMetricThatMovedWithIt() {
        Investigation found = investigator.investigate(new InvestigationRequest("shop-overview", "error_ratio",
                ERROR_RATIO, true, t0, t0.plus(Duration.ofMinutes(20)),
                Map.of("inflight", "sum(shop_inflight_requests{service=\"shop\"})"), Map.of("job", "shop"),
                List.of("dashboard-insights")));

        LabelShare route = found.causes().stream().map(Investigation.Cause::evidence)
                .filter(LabelShare.class::isInstance).map(LabelShare.class::cast).findFirst().orElseThrow();
        assertThat(route.label()).isEqualTo("route");
        assertThat(route.value()).isEqualTo("/pay");
        assertThat(route.share()).isBetween(0.85, 1.0);
        assertThat(found.causes().get(0).evidence()).as("the route carries it: the strongest cause").isEqualTo(route);

        List<Change> changes = found.causes().stream().map(Investigation.Cause::evidence)
                .filter(Change.class::isInstance).map(Change.class::cast).toList();
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.source()).isEqualTo(Change.Source.GRAFANA);
            assertThat(c.text()).isEqualTo("deploy shop 1.4.0");
            assertThat(c.lead()).isEqualTo(Duration.ofMinutes(4));
        });
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.source()).isEqualTo(Change.Source.PROMETHEUS);
            assertThat(c.labels()).containsEntry("version", "1.4.0");
            assertThat(c.lead()).isBetween(Duration.ofMinutes(3), Duration.ofMinutes(5));
        });
        assertThat(changes).as("our own annotation is never evidence").noneMatch(c -> c.text().contains("9%"));
        assertThat(found.causes()).map(Investigation.Cause::evidence).filteredOn(CoMoving.class::isInstance)
                .singleElement().satisfies(e -> {
                    CoMoving m = (CoMoving) e;
                    assertThat(m.metric()).isEqualTo("inflight");
                    assertThat(m.incident() / m.baseline()).isBetween(2.5, 3.5);
                });
        System.out.printf("e2e: investigation took %d ms with %d queries: %s%n", found.took().toMillis(),
                found.checks().stream().mapToInt(c -> c.queries().size()).sum(), found.causes());
    }

    @Test
    void theAlertAnnotationNamesTheRouteWithItsShareAndTheDeployWithItsLeadTime() throws Exception {
        importRoute();
        Instant startsAt = t0.plus(Duration.ofMinutes(2));
        sendFiring("inv-route-" + startsAt.getEpochSecond(), startsAt);

        JsonNode body = awaitAnnotation();
        String text = body.path("text").asText();
        assertThat(text).containsPattern("route=/pay carries (8[5-9]|9[0-9])\\.\\d% of the increase");
        assertThat(text).contains("deploy shop 1.4.0", "6 min before the start").doesNotContain("deploy was the cause");
        GrafanaSpec.assertAllRequestsValid(stub);
    }

    /**
     * The anomaly stage on the same history: the error ratio's region on the shop dashboard, found by the detector
     * (which learns from the 3 days before its 2 h window, hence the 4-day backfill), is explained with the route that
     * carries it and the deploy before it.
     */
    @Test
    void theAnomalyAnnotationNamesTheRouteWithItsShareAndTheDeployWithItsLeadTime() throws Exception {
        importer.importJson(MAPPER.readTree("""
                {"dashboards": [{"id": "shop-anomalies", "type": "anomaly_detection", "title": "Shop errors",
                  "metrics": ["error_ratio"], "queries": {"error_ratio": "%s"}, "time_range": "2h",
                  "refresh_minutes": 60, "grafana": {"dashboardUid": "shop-overview", "panelId": 1}}]}
                """.formatted(ERROR_RATIO.replace("\"", "\\\""))));
        Instant now = t0.plus(Duration.ofHours(1));
        given().contentType(ContentType.JSON).body("""
                {"specversion": "1.0", "id": "shop-anomalies-%d", "type": "dashboard-insights.prepare-anomaly",
                 "source": "/e2e", "subject": "shop-anomalies", "data": {"dashboardId": "shop-anomalies", "now": "%s"}}
                """.formatted(now.getEpochSecond(), now)).post("/prepare-anomaly").then().statusCode(200);

        JsonNode region = awaitAnnotation();
        assertThat(region.path("dashboardUID").asText()).isEqualTo("shop-overview");
        assertThat(region.path("tags").toString()).contains("\"anomaly\"", "\"metric:error_ratio\"");
        Instant from = Instant.ofEpochMilli(region.path("time").asLong());
        Instant to = Instant.ofEpochMilli(region.path("timeEnd").asLong());
        long covered = Duration.between(from.isAfter(t0) ? from : t0,
                to.isBefore(t0.plus(Duration.ofMinutes(20))) ? to : t0.plus(Duration.ofMinutes(20))).toSeconds();
        assertThat(covered).as("seconds of the 20-minute incident inside the region %s..%s", from, to)
                .isGreaterThanOrEqualTo(12 * 60);
        String text = region.path("text").asText();
        assertThat(text).containsPattern("route=/pay carries (8[5-9]|9[0-9])\\.\\d% of the increase");
        assertThat(text).contains("deploy shop 1.4.0").containsPattern("\\d+ min before the start")
                .doesNotContain("deploy was the cause");
        GrafanaSpec.assertAllRequestsValid(stub);
        System.out.printf("e2e: anomaly region %s..%s: %s%n", from, to, text);
    }

    @Test
    void withTheSeriesApiDownTheAnnotationStillGoesOutWithoutTheBreakdown() throws Exception {
        stub.stubFor(any(urlPathEqualTo("/api/v1/series")).atPriority(1).willReturn(aResponse().withStatus(503)
                .withBody("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"down for the test\"}")));
        importRoute();
        Instant startsAt = t0.plus(Duration.ofMinutes(3));
        sendFiring("inv-down-" + startsAt.getEpochSecond(), startsAt);

        String text = awaitAnnotation().path("text").asText();
        assertThat(text).contains("deploy shop 1.4.0").doesNotContain("carries");

        Investigation found = investigator.investigate(new InvestigationRequest("shop-overview", "error_ratio",
                ERROR_RATIO, true, t0, t0.plus(Duration.ofMinutes(20)), Map.of(), Map.of(), List.of()));
        assertThat(found.checks()).filteredOn(c -> c.check() == Check.BREAKDOWN).singleElement()
                .satisfies(c -> assertThat(c.outcome()).isEqualTo(Investigation.Outcome.FAILED))
                .satisfies(c -> assertThat(c.detail()).contains("series API", "503"));
    }

    private void importRoute() throws Exception {
        importer.importJson(MAPPER.readTree("""
                {"dashboards": [{"id": "shop-errors", "type": "error_rate", "queries": {"error_ratio": "%s"},
                  "refresh_minutes": 1440, "grafana": {"dashboardUid": "shop-overview", "panelId": 2},
                  "alert_routes": [{"match": {"service": "shop"}, "grafana": {"dashboardUid": "shop-overview",
                  "panelIds": [2]}}]}]}
                """.formatted(ERROR_RATIO.replace("\"", "\\\""))));
    }

    /** An Alertmanager v4 notification for the shop service, as Alertmanager 0.25 sends it. */
    private static void sendFiring(String fingerprint, Instant startsAt) throws Exception {
        String body = """
                {"receiver":"dashboard-insights","status":"firing","alerts":[{"status":"firing",
                 "labels":{"alertname":"ShopErrorRatio","service":"shop","severity":"page"},
                 "annotations":{"summary":"Error rate of shop is high"},"startsAt":"%s",
                 "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph","fingerprint":"%s"}],
                 "groupLabels":{"alertname":"ShopErrorRatio","service":"shop"},
                 "commonLabels":{"alertname":"ShopErrorRatio","service":"shop","severity":"page"},
                 "commonAnnotations":{"summary":"Error rate of shop is high"},"externalURL":"http://alertmanager:9093",
                 "version":"4","groupKey":"{}:{alertname=\\"ShopErrorRatio\\", service=\\"shop\\"}","truncatedAlerts":0}
                """.formatted(startsAt, fingerprint);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKEN).body(body)
                .post("/on-webhook-error-alert").then().statusCode(200);
    }

    private JsonNode awaitAnnotation() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var created = stub.findAll(postRequestedFor(urlEqualTo("/api/annotations")));
            if (!created.isEmpty()) {
                return MAPPER.readTree(created.get(created.size() - 1).getBodyAsString());
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no annotation within 60 s");
    }
}
