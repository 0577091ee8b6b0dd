package io.dashinsights.store;

import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parsed dashboard configs are kept by their stored text (a dashboard is read three times per update); a re-imported,
 * changed config is what the next read returns, and an unchanged one reads back equal.
 */
@QuarkusTest
class StoredConfigReadTest {

    @Inject
    DashboardImporter importer;

    @Inject
    DashboardRepository dashboards;

    @Test
    void aReimportedChangedConfigIsWhatTheNextReadReturns() {
        importer.importJson(Dashboards.one("cfg-read-1", "anomaly_detection", "uid-before"));
        assertThat(dashboards.find("cfg-read-1").orElseThrow().config().grafana().dashboardUid()).isEqualTo("uid-before");
        assertThat(dashboards.find("cfg-read-1").orElseThrow().config())
                .isEqualTo(dashboards.find("cfg-read-1").orElseThrow().config());

        importer.importJson(Dashboards.one("cfg-read-1", "trend_analysis", "uid-after"));

        var config = dashboards.find("cfg-read-1").orElseThrow().config();
        assertThat(config.grafana().dashboardUid()).isEqualTo("uid-after");
        assertThat(config.type().configName()).isEqualTo("trend_analysis");
    }
}
