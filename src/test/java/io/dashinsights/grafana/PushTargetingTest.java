package io.dashinsights.grafana;

import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.domain.GrafanaTarget;
import io.dashinsights.domain.PushRequest;
import io.dashinsights.store.AlertStateRepository;
import io.dashinsights.store.Jdbc;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.Envelopes;
import io.dashinsights.support.StoreCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * A push can only reach what the store knows: a configured dashboard's own target, or a panel the alert worker
 * recorded for that alert occurrence. Another dashboard uid, or an {@code alert:} id that names no recorded
 * alert, is refused before anything is written (the local sink stands for Grafana here).
 */
@QuarkusTest
class PushTargetingTest {

    @Inject
    DashboardImporter importer;
    @Inject
    AlertStateRepository alerts;
    @Inject
    Jdbc jdbc;

    @Test
    void aConfiguredDashboardIsPushedOnlyToItsStoredTarget() {
        importer.importJson(Dashboards.one("target-board", "anomaly_detection", "uid-target"));
        String before = StoreCounts.snapshot(jdbc);
        given().contentType(ContentType.JSON).body(Envelopes.push("tg-1", "target-board", "someone-elses-dashboard", "tg-k"))
                .post("/push-grafana").then().statusCode(400).body("field", equalTo("data.target"))
                .body("error", containsString("uid-target"));
        assertThat(StoreCounts.snapshot(jdbc)).isEqualTo(before);

        given().contentType(ContentType.JSON).body(Envelopes.push("tg-2", "target-board", "uid-target", "tg-k"))
                .post("/push-grafana").then().statusCode(200).body("status", equalTo("succeeded"));
    }

    @Test
    void anAlertPushNeedsARecordedAlertAndOneOfItsPanels() {
        String before = StoreCounts.snapshot(jdbc);
        // What the attacker did: an "alert:" id skipped the dashboard check entirely.
        given().contentType(ContentType.JSON).body(Envelopes.push("tg-3", "alert:made-up@1:any-dashboard/2",
                        "any-dashboard", "tg-k3")).post("/push-grafana").then().statusCode(404)
                .body("field", equalTo("data.dashboardId"));
        assertThat(StoreCounts.snapshot(jdbc)).isEqualTo(before);

        GrafanaTarget recorded = new GrafanaTarget("uid-alerted", 2);
        long now = System.currentTimeMillis();
        alerts.save(io.dashinsights.store.AlertState.builder().key("fp-targeting@1767225600000")
                .fingerprint("fp-targeting").startsAt(1767225600000L).alertName("HighErrorRate").labels("{}")
                .status(io.dashinsights.domain.AlertStatus.ANNOTATING).errorRate(0.12).rateSource("payload")
                .threshold(0.05).targets(List.of(recorded)).tags(List.of("error-rate")).text("text")
                .createdAt(now).updatedAt(now).build());
        String occurrence = PushRequest.alertOccurrence("fp-targeting@1767225600000", recorded);
        String other = PushRequest.alertOccurrence("fp-targeting@1767225600000", new GrafanaTarget("uid-other", 2));

        before = StoreCounts.snapshot(jdbc);
        given().contentType(ContentType.JSON).body(Envelopes.push("tg-4", other, "uid-other", "tg-k4"))
                .post("/push-grafana").then().statusCode(404).body("field", equalTo("data.dashboardId"));
        given().contentType(ContentType.JSON).body(Envelopes.push("tg-5", occurrence, "uid-other", "tg-k5"))
                .post("/push-grafana").then().statusCode(400).body("field", equalTo("data.target"));
        assertThat(StoreCounts.snapshot(jdbc)).isEqualTo(before);

        given().contentType(ContentType.JSON).body(Envelopes.push("tg-6", occurrence, "uid-alerted", "tg-k6"))
                .post("/push-grafana").then().statusCode(200).body("status", equalTo("succeeded"));
    }

    @Test
    void overlongFieldsAre400NamingTheFieldBeforeAnythingIsWrittenAndNoSqlIsAnswered() {
        importer.importJson(Dashboards.one("limits-board", "anomaly_detection", "uid-limits"));
        String longKey = "k".repeat(5_000);
        String before = StoreCounts.snapshot(jdbc);
        given().contentType(ContentType.JSON).body(Envelopes.push("lim-1", "limits-board", "uid-limits", longKey))
                .post("/push-grafana").then().statusCode(400).body("field", equalTo("data.annotations[0].key"))
                .body(not(containsString("INSERT"))).body(not(containsString("\tat ")));
        String longRun = Envelopes.push("lim-2", "limits-board", "uid-limits", "lim-k")
                .replace("\"runid\": \"lim-2\"", "\"runid\": \"" + "r".repeat(5_000) + "\"");
        given().contentType(ContentType.JSON).body(longRun).post("/push-grafana").then().statusCode(400)
                .body("field", equalTo("runid")).body(not(containsString("INSERT")));
        String longText = Envelopes.push("lim-3", "limits-board", "uid-limits", "lim-k3")
                .replace("Revenue spike", "x".repeat(20_000));
        given().contentType(ContentType.JSON).body(longText).post("/push-grafana").then().statusCode(400)
                .body("field", equalTo("data.annotations[0].text"));
        assertThat(StoreCounts.snapshot(jdbc)).isEqualTo(before);
    }
}
