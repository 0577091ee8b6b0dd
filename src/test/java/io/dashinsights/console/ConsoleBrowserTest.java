package io.dashinsights.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.PrometheusStandIn;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The console in a real browser: Debian's chromium driven through chromedriver (a browser download by a test
 * tool cannot work on these machines). Tagged "browser": a fresh machine has no chromium, so the README's
 * {@code ./mvnw verify} leaves it out and {@code .ci/run} installs chromium and runs it
 * ({@code -Pbrowser}). Fails, rather than skips, when chromium is missing, so CI cannot pass without having
 * looked.
 */
@Tag("browser")
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String DASHBOARD = "browser-checkout";

    @TestHTTPResource("/")
    URL root;
    @StandIns.Server
    WireMockServer stub;
    @Inject
    DashboardImporter importer;
    @Inject
    ObjectMapper mapper;

    ChromeDriverService service;
    WebDriver browser;
    Path profile;

    @BeforeEach
    void analysedDashboardAndBrowser() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("this test drives Debian's chromium: apt-get install -y chromium chromium-driver "
                        + "(needs %s and %s)", CHROMIUM, CHROMEDRIVER).isTrue();
        StandIns.stubMetricsAndGrafana(stub);
        importer.importJson(mapper.readTree("""
                {"dashboards": [{"id": "%s", "type": "anomaly_detection", "title": "Checkout requests",
                  "metrics": ["requests"], "queries": {"requests": "sum(rate(http_requests_total[5m]))"},
                  "refresh_minutes": 15, "grafana": {"dashboardUid": "checkout", "panelId": 2}}]}
                """.formatted(DASHBOARD)));
        given().contentType(ContentType.JSON).body(Dashboards.envelope("prepare-anomaly", "browser-first-run", DASHBOARD))
                .post("/prepare-anomaly").then().statusCode(200).body("status", equalTo("succeeded"));

        profile = Files.createTempDirectory("console-chromium-");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Flags from the machine notes: as root without a sandbox, and no background traffic to unreachable hosts.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1500");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void operatorFollowsADashboardSeesItsChartAndRunsItNow() throws Exception {
        browser.get(root.toString());
        assertThat(browser.getTitle()).startsWith("Overview");
        browser.findElement(By.linkText("Checkout requests")).click();

        assertThat(browser.getCurrentUrl()).endsWith("/dashboards/" + DASHBOARD);
        WebElement chart = browser.findElement(By.cssSelector("figure[data-metric='requests'] svg.chart"));
        assertThat(chart.findElement(By.cssSelector("path.series")).getAttribute("d")).startsWith("M");
        assertThat(chart.findElements(By.cssSelector("rect.region"))).as("the stand-in's spike as a region")
                .isNotEmpty();
        assertThat(chart.findElement(By.cssSelector("rect.region")).getSize().getWidth()).isPositive();
        int pushesBefore = pushRuns().size();

        browser.findElement(By.id("run-now")).click();

        // The click returns before the POST and its redirect are done: wait for the page that reports the run.
        WebElement ran = new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("ran")));
        assertThat(ran.getText()).contains("prepare-anomaly").contains("succeeded");
        String runId = ran.findElement(By.tagName("code")).getText();
        List<String> runs = pushRuns();
        assertThat(runs).as("the new run's pushes head the push table").hasSizeGreaterThan(pushesBefore)
                .first().isEqualTo(runId);
        assertThat(browser.findElement(By.cssSelector("#runs tbody tr td:nth-child(3)")).getText())
                .isEqualTo("succeeded");

        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOTS.resolve("dashboard.png"))).isGreaterThan(10_000);
    }

    @Test
    void incidentOnTwoMetricsIsOneShadedRegionOnBothCharts() throws Exception {
        // What a real Prometheus answered about a backfilled 20-minute incident (scripts/capture-incident-backfill.sh).
        stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/v1/query_range")).atPriority(2)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        io.dashinsights.support.CapturedSeries.body("errors_per_second"))));
        stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/v1/query_range")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("%2F"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        io.dashinsights.support.CapturedSeries.body("error_ratio"))));
        importer.importJson(mapper.readTree("""
                {"dashboards": [{"id": "browser-incident", "type": "anomaly_detection", "title": "Checkout errors",
                  "metrics": ["error_ratio", "errors_per_second"],
                  "queries": {"error_ratio": "sum(rate(http_requests_total{status=~\\"5..\\"}[5m])) / sum(rate(http_requests_total[5m]))",
                              "errors_per_second": "sum(rate(http_requests_total{status=~\\"5..\\"}[5m]))"},
                  "time_range": "6h", "refresh_minutes": 15, "grafana": {"dashboardUid": "checkout", "panelId": 3}}]}
                """));
        given().contentType(ContentType.JSON).body("""
                {"specversion": "1.0", "id": "browser-incident-run", "type": "dashboard-insights.prepare-anomaly",
                 "source": "/test", "subject": "browser-incident",
                 "data": {"dashboardId": "browser-incident", "now": "2026-11-30T08:00:00Z"}}
                """).post("/prepare-anomaly").then().statusCode(200).body("status", equalTo("succeeded"));

        browser.get(root.toString() + "dashboards/browser-incident");

        for (String metric : List.of("error_ratio", "errors_per_second")) {
            WebElement chart = browser.findElement(By.cssSelector("figure[data-metric='" + metric + "'] svg.chart"));
            List<WebElement> regions = chart.findElements(By.cssSelector("rect.region.high"));
            assertThat(regions).as(metric + ": one high incident").hasSize(1);
            // 6 h window on ~780 px: the 20-minute incident is tens of pixels wide, not a one-sample sliver.
            assertThat(regions.get(0).getSize().getWidth()).as(metric).isGreaterThan(30);
        }
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve("incident.png"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOTS.resolve("incident.png"))).isGreaterThan(10_000);
    }

    private List<String> pushRuns() {
        return browser.findElements(By.cssSelector("#pushes small.run")).stream().map(WebElement::getText).toList();
    }
}
