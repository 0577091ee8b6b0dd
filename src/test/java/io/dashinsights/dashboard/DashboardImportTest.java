package io.dashinsights.dashboard;

import io.dashinsights.domain.DashboardConfig;
import io.dashinsights.domain.DashboardType;
import io.dashinsights.domain.GrafanaTarget;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed's config format: what is accepted, and how each bad field is named. */
class DashboardImportTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode resource(String path) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(path)) {
            return mapper.readTree(in);
        }
    }

    private static DashboardConfigException problems(JsonNode config) {
        try {
            DashboardConfigParser.parse(config);
        } catch (DashboardConfigException e) {
            return e;
        }
        throw new AssertionError("config was accepted");
    }

    @Test
    void seedsOwnSampleIsRefusedForItsLiteralKeysAndFakePanelApi() throws Exception {
        DashboardConfigException e = problems(resource("/seed/dashboard_config.json"));

        assertThat(e.problems()).filteredOn(p -> p.contains("'api_key'")).hasSize(3)
                .allSatisfy(p -> assertThat(p).contains("INSIGHTS_GRAFANA_TOKEN"));
        assertThat(e.problems()).filteredOn(p -> p.contains("'panel_url'")).hasSize(3);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("dashboard 'sales_anomalies'"));
    }

    @Test
    void bundledSampleImportsWithDefaultsAndTargets() throws Exception {
        var parsed = DashboardConfigParser.parse(resource("/dashboard_config.json"));

        assertThat(parsed).hasSize(3);
        DashboardConfig anomalies = parsed.get(0).config();
        assertThat(anomalies.type()).isEqualTo(DashboardType.ANOMALY_DETECTION);
        assertThat(anomalies.timeRange()).isEqualTo(Duration.ofHours(24));
        assertThat(anomalies.metrics()).containsExactly("revenue", "orders", "conversion_rate");
        assertThat(anomalies.queryFor("orders")).isEqualTo("sum(rate(shop_orders_total[5m]))");
        DashboardConfig trends = parsed.get(1).config();
        assertThat(trends.grafana()).isEqualTo(new GrafanaTarget("insights-demo", 3));
        assertThat(trends.timeRange()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void missingFieldIsNamed() throws Exception {
        JsonNode config = mapper.readTree("""
                {"dashboards": [{"id": "d1", "metrics": ["x"], "grafana": {"dashboardUid": "u"}}]}""");
        assertThat(problems(config).problems()).containsExactly(
                "dashboard 'd1': field 'type' is required, one of anomaly_detection | trend_analysis | forecast | error_rate");
    }

    @Test
    void wrongTypesAreNamed() throws Exception {
        JsonNode config = mapper.readTree("""
                {"dashboards": [{"id": "d2", "type": "pie_chart", "metrics": "revenue", "refresh_minutes": "often",
                  "time_range": "a week", "grafana": {"dashboardUid": "u", "panelId": "four"}}]}""");
        assertThat(problems(config).problems()).containsExactlyInAnyOrder(
                "dashboard 'd2': field 'type' is 'pie_chart', expected one of anomaly_detection | trend_analysis | forecast | error_rate",
                "dashboard 'd2': field 'metrics' must be an array of metric names",
                "dashboard 'd2': field 'metrics' (or 'queries') must name at least one metric",
                "dashboard 'd2': field 'time_range' is 'a week', expected a number and a unit m|h|d|w, e.g. \"7d\"",
                "dashboard 'd2': field 'refresh_minutes' is \"often\", expected an integer from 1 to 10080",
                "dashboard 'd2': field 'grafana.panelId' must be an integer");
    }

    @Test
    void panelLinkIsParsedLikeGrafanaWritesIt() {
        assertThat(GrafanaTarget.fromUrl("https://g.example.com/d/abc-12/sales?orgId=1&from=now-6h&viewPanel=7"))
                .contains(new GrafanaTarget("abc-12", 7));
        assertThat(GrafanaTarget.fromUrl("https://g.example.com/grafana/d/xyz?orgId=1"))
                .contains(new GrafanaTarget("xyz", null));
        assertThat(GrafanaTarget.fromUrl("https://grafana.example.com/api/panels/123")).isEmpty();
    }

    @Test
    void seedLastUpdateWithoutZoneIsReadAsUtc() {
        assertThat(DashboardConfigParser.parseTime("2026-01-31T12:00:00"))
                .isEqualTo(java.time.Instant.parse("2026-01-31T12:00:00Z").toEpochMilli());
    }
}
