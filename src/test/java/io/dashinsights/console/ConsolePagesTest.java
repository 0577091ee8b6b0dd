package io.dashinsights.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.dashboard.DashboardImporter;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.store.AnnotationLinkRepository;
import io.dashinsights.store.DashboardRepository;
import io.dashinsights.store.OutboxRepository;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.PrometheusStandIn;
import io.dashinsights.support.StandIns;
import io.dashinsights.store.StageRunRepository;
import io.dashinsights.store.UpdateLogRepository;
import io.quarkus.test.common.QuarkusTestResource;
import io.dashinsights.alert.StoredAlertFeed;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The console's HTML as a browser gets it: content present, untrusted text escaped, forms protected. Runs
 * against the Prometheus/Grafana stand-ins, whose series has exactly one spike for the detector to find.
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class ConsolePagesTest {

    static final String XSS = "<script>alert(1)</script>";
    static final String SHOWN_DASHBOARD = "console-shown";
    static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    static final long STEP = 60_000;

    @Inject
    DashboardImporter importer;
    @Inject
    StageRunRepository stageRuns;
    @Inject
    UpdateLogRepository updateLog;
    @Inject
    AnnotationLinkRepository links;
    @Inject
    ObjectMapper mapper;
    @Inject
    DashboardRepository dashboards;
    @Inject
    OutboxRepository outbox;
    @StandIns.Server
    WireMockServer stub;

    /**
     * A dashboard (not due, so other tests' trigger runs on this shared database leave it alone) whose
     * title and findings texts carry markup, with one stored analysis (a series with a
     * spike and one anomaly over it), one annotation and two push attempts: one answered 200, one 500.
     */
    @BeforeEach
    void storedAnalysis() throws Exception {
        StandIns.stubMetricsAndGrafana(stub);
        importer.importJson(mapper.readTree("""
                {"dashboards": [{"id": "%s", "type": "anomaly_detection", "title": "Checkout %s",
                  "metrics": ["requests"], "refresh_minutes": 15, "grafana": {"dashboardUid": "uid-shown", "panelId": 7},
                  "last_update": "%s"}]}
                """.formatted(SHOWN_DASHBOARD, XSS.replace("\"", "\\\""), Instant.now())));
        if (!stageRuns.begin("stored-analysis-1", "prepare-anomaly", SHOWN_DASHBOARD, "stored-analysis-1", 1, T0)) {
            return;
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            String value = i == 50 ? "null" : String.valueOf(i >= 80 && i < 85 ? 500 : 100 + i % 7);
            points.append(i == 0 ? "" : ",").append('[').append(T0 + i * STEP).append(',').append(value).append(']');
        }
        stageRuns.succeed("stored-analysis-1", """
                {"source": "demo", "explanation": "Requests spiked to 500. %s",
                 "series": [{"metric": "requests", "points": [%s]}],
                 "anomalies": [{"metric": "requests", "start": "%s", "end": "%s", "peakTime": "%s", "peakValue": 500,
                   "expected": 103, "score": 0.97, "severity": "high", "explanation": "A spike %s", "author": "template"}]}
                """.formatted(XSS, points, Instant.ofEpochMilli(T0 + 80 * STEP), Instant.ofEpochMilli(T0 + 84 * STEP),
                Instant.ofEpochMilli(T0 + 82 * STEP), XSS), T0 + 1000);
        links.save("k1", SHOWN_DASHBOARD, SHOWN_DASHBOARD + ":anomaly:requests", 4242, T0 + 80 * STEP,
                T0 + 84 * STEP, T0);
        updateLog.record(SHOWN_DASHBOARD, "stored-analysis-1", "local uid-shown/panel 7", "annotation-create", 500,
                "Grafana answered 500: database is locked", "A spike", null, T0 + 500);
        updateLog.record(SHOWN_DASHBOARD, "stored-analysis-1", "local uid-shown/panel 7", "annotation-create", 200,
                null, "A spike", 4242L, T0 + 900);
    }

    @Test
    void rootShowsEveryDashboardWithScheduleLastResultAndOutbox() throws Exception {
        long later = System.currentTimeMillis() + 3_600_000;
        importer.importJson(mapper.readTree("""
                {"dashboards": [
                  {"id": "console-failed", "type": "trend_analysis", "metrics": ["m"], "refresh_minutes": 60,
                   "grafana": {"dashboardUid": "u1"}},
                  {"id": "console-pending", "type": "forecast", "metrics": ["m"], "refresh_minutes": 240,
                   "grafana": {"dashboardUid": "u2"}}]}
                """));
        dashboards.markFailed("console-failed", io.dashinsights.domain.DashboardStatus.FAILED, "Prometheus answered 503: overloaded", later);
        outbox.enqueue("console-pending", "console-pending-push-1", "{}", "Grafana answered 502", later, later - 1);
        dashboards.markFailed("console-pending", io.dashinsights.domain.DashboardStatus.PENDING_RETRY, "Grafana answered 502", later);

        String html = given().get("/").then().statusCode(200).contentType(ContentType.HTML).extract().asString();

        assertThat(rowOf(html, SHOWN_DASHBOARD)).contains("anomaly_detection", "every 15 min, window 24h",
                "href=\"/dashboards/" + SHOWN_DASHBOARD + "\"", "updated before import", "Run now");
        assertThat(rowOf(html, "console-failed")).contains("trend_analysis", "every 1 h, window 7d",
                "<span class=\"failed\">failed</span>", "Prometheus answered 503: overloaded", "in 59 min");
        assertThat(rowOf(html, "console-pending")).contains("<span class=\"pending\">pending retry</span>",
                "Grafana answered 502", "<td class=\"num\">1</td>");
    }

    @Test
    void dashboardPageDrawsTheSeriesWithItsAnomalyRegionAndAnnotationMarker() {
        String html = given().get("/dashboards/" + SHOWN_DASHBOARD).then().statusCode(200).extract().asString();

        assertThat(html).contains("<svg class=\"chart\"");
        Matcher series = Pattern.compile("<path class=\"series\" d=\"(M[^\"]+)\"").matcher(html);
        assertThat(series.find()).as("series path").isTrue();
        assertThat(series.group(1).split("M")).as("the gap at the null sample lifts the pen: two strokes").hasSize(3);
        assertThat(html).containsPattern("<rect class=\"region high\" x=\"[0-9.]+\"")
                .contains("high incident 2026-03-01 01:20:00 UTC – 2026-03-01 01:24:00 UTC: requests peak 500 (expected 103)")
                .contains("Grafana annotation #4242");
    }

    @Test
    void dashboardPageShowsExplanationWithItsAuthorAndPushesWithStatusCodes() {
        String html = given().get("/dashboards/" + SHOWN_DASHBOARD).then().statusCode(200).extract().asString();

        assertThat(html).contains("Requests spiked to 500.").contains("<td>template</td>")
                .contains("metrics from demo");
        String pushes = html.substring(html.indexOf("<table id=\"pushes\">"));
        assertThat(pushes).containsPattern("<td class=\"ok\">200</td>\\s*<td>#4242</td>")
                .containsPattern("<td class=\"failed\">500</td>").contains("database is locked");
    }

    @Test
    void markupInTitlesAndTextsIsShownAsTextAndScriptsAreForbidden() {
        for (String path : List.of("/", "/dashboards/" + SHOWN_DASHBOARD)) {
            Response page = given().get(path);
            page.then().statusCode(200).header("Content-Security-Policy", containsString("default-src 'none'"));
            assertThat(page.asString()).as(path).doesNotContain(XSS).doesNotContain("<script")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
    }

    @Test
    void alertsPageShowsErrorRateDecisionAndAnnotationStateWithLabelsEscaped() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "HighErrorRate");
        labels.put("service", "checkout" + XSS);
        // The mock must extend the bean class ArC proxies (the webhook's stored feed) to replace it.
        QuarkusMock.installMockForType(new StoredAlertFeed(null, null, null) {
            @Override
            public List<AlertView> recent(int limit) {
                return List.of(new AlertView(T0, "grafana", "firing", "fp1", labels, 0.072, 0.05, "annotated",
                                "error rate above threshold", "uid-shown/panel 7", 77L, "open"),
                        new AlertView(T0 - STEP, "alertmanager", "firing", "fp2", Map.of("alertname", "Noisy"), 0.012,
                                0.05, "skipped", "error rate 1.2 % is below 5 %", null, null, null));
            }
        }, AlertFeed.class);

        String html = given().get("/alerts").then().statusCode(200).extract().asString();

        assertThat(html).doesNotContain(XSS).contains("service=checkout&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("7.20 %", "threshold 5 %", "annotated", "#77 on uid-shown/panel 7", "open")
                .contains("skipped", "error rate 1.2 % is below 5 %");
    }

    @Test
    void alertsPageShowsTheFullInvestigationWithOutsideTextEscaped() {
        var route = new io.dashinsights.domain.Investigation.LabelShare("route", "/pay" + XSS, 0.87, 0.1, 2.7, "increase");
        var investigation = new io.dashinsights.domain.Investigation(List.of(
                new io.dashinsights.domain.Investigation.CheckResult(io.dashinsights.domain.Investigation.Check.BREAKDOWN,
                        io.dashinsights.domain.Investigation.Outcome.FOUND, List.of("sum by (route) (rate(errors_total[5m]))"),
                        "broke errors down by route", java.time.Duration.ofMillis(140), List.of(route)),
                new io.dashinsights.domain.Investigation.CheckResult(io.dashinsights.domain.Investigation.Check.CHANGES,
                        io.dashinsights.domain.Investigation.Outcome.FAILED, List.of("GET /api/annotations?dashboardUID=d"),
                        "Grafana: answered 503", java.time.Duration.ofMillis(30), List.of())),
                List.of(new io.dashinsights.domain.Investigation.Cause(0.87, route)), java.time.Duration.ofMillis(150));
        QuarkusMock.installMockForType(new StoredAlertFeed(null, null, null) {
            @Override
            public List<AlertView> recent(int limit) {
                return List.of(new AlertView(T0, "grafana", "firing", "fp1", Map.of("alertname", "HighErrorRate"), 0.072,
                        0.05, "annotated", null, "uid/panel 7", 77L, "open", investigation));
            }
        }, AlertFeed.class);

        String html = given().get("/alerts").then().statusCode(200).extract().asString();

        assertThat(html).doesNotContain(XSS).contains("Investigation: 1 candidate cause, 150 ms")
                .contains("route=/pay&lt;script&gt;alert(1)&lt;/script&gt; carries 87.0% of the increase")
                .contains("sum by (route) (rate(errors_total[5m]))", "found", "140 ms")
                .contains("failed", "Grafana: answered 503");
    }

    @Test
    void alertsPageSaysSoWhenNoAlertHasArrived() {
        QuarkusMock.installMockForType(new StoredAlertFeed(null, null, null) {
            @Override
            public List<AlertView> recent(int limit) {
                return List.of();
            }
        }, AlertFeed.class);
        given().get("/alerts").then().statusCode(200).body(containsString("No alerts received yet."));
    }

    @Test
    void runNowWithoutThisBrowsersTokenIsRefusedAndRunsNothing() {
        int before = stageRuns.recent(SHOWN_DASHBOARD, 100).size();

        given().formParam("token", "forged").cookie(FormTokens.COOKIE, "AAAAAAAAAAAAAAAAAAAAAA")
                .post("/dashboards/" + SHOWN_DASHBOARD + "/run").then().statusCode(403)
                .body(containsString("did not come from this console session"));
        Response page = given().get("/dashboards/" + SHOWN_DASHBOARD);
        String token = token(page.asString());
        // A valid token without its session cookie, then with another session's cookie.
        given().formParam("token", token).post("/dashboards/" + SHOWN_DASHBOARD + "/run").then().statusCode(403);
        given().formParam("token", token).cookie(FormTokens.COOKIE, "BBBBBBBBBBBBBBBBBBBBBB")
                .post("/dashboards/" + SHOWN_DASHBOARD + "/run").then().statusCode(403);

        assertThat(stageRuns.recent(SHOWN_DASHBOARD, 100)).hasSize(before);
    }

    @Test
    void runNowRunsThePipelineAndTheDashboardPageShowsTheNewUpdate() throws Exception {
        importer.importJson(mapper.readTree("""
                {"dashboards": [{"id": "console-run", "type": "anomaly_detection", "title": "Run me",
                  "metrics": ["requests"], "refresh_minutes": 30, "grafana": {"dashboardUid": "uid-run", "panelId": 2}}]}
                """));
        Response page = given().get("/dashboards/console-run");
        page.then().statusCode(200).cookie(FormTokens.COOKIE).header("Set-Cookie", containsString("SameSite=Strict"))
                .body(containsString("Not analysed yet"));

        Response posted = given().redirects().follow(false).cookie(FormTokens.COOKIE, page.getCookie(FormTokens.COOKIE))
                .formParam("token", token(page.asString())).post("/dashboards/console-run/run");
        posted.then().statusCode(303);
        String location = posted.getHeader("Location");
        assertThat(location).contains("/dashboards/console-run?run=console-");
        String runId = location.substring(location.indexOf("run=") + 4);

        String html = given().cookie(FormTokens.COOKIE, page.getCookie(FormTokens.COOKIE)).get(location).then()
                .statusCode(200).extract().asString();
        assertThat(html).contains("Run <code>" + runId + "</code> (prepare-anomaly):")
                .containsPattern("<span class=\"ok\">succeeded</span>")
                .contains("<small class=\"run\">" + runId + "</small>")
                .contains("<path class=\"series\"").containsPattern("<rect class=\"region [a-z]+\"");
        assertThat(rowOf(given().get("/").asString(), "console-run")).contains("<span class=\"ok\">ok</span>")
                .doesNotContain("never");
    }

    @Test
    void unknownDashboardIsA404Page() {
        given().get("/dashboards/no-such-board").then().statusCode(404).contentType(ContentType.HTML)
                .body(containsString("no dashboard with id &#39;no-such-board&#39;"), not(containsString("<script")));
    }

    @Test
    void functionsStillAnswerBesideThePages() {
        given().contentType(ContentType.JSON).body(Dashboards.envelope("prepare-anomaly", "console-fn-1", "nowhere"))
                .post("/prepare-anomaly").then().statusCode(404).contentType(ContentType.JSON)
                .body("field", equalTo("data.dashboardId"));
        given().get("/api/dashboards").then().statusCode(200).contentType(ContentType.JSON)
                .body("find { it.id == '" + SHOWN_DASHBOARD + "' }.title", equalTo("Checkout " + XSS));
    }

    static String token(String html) {
        Matcher m = Pattern.compile("name=\"token\" value=\"([A-Za-z0-9_-]+)\"").matcher(html);
        assertThat(m.find()).as("a run-now form with its token").isTrue();
        return m.group(1);
    }

    static String rowOf(String html, String dashboardId) {
        int start = html.indexOf("<tr data-dashboard=\"" + dashboardId + "\">");
        assertThat(start).as("overview row of " + dashboardId).isGreaterThanOrEqualTo(0);
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
