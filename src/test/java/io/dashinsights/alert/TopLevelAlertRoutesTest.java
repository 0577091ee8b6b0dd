package io.dashinsights.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.dashboard.DashboardConfigException;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.domain.GrafanaTarget;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * alert_routes at the top level of the config, where a route belongs (it maps alert labels to panels; it is
 * no property of one dashboard); the older per-dashboard form keeps working behind it.
 */
@QuarkusTest
class TopLevelAlertRoutesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    DashboardImporter importer;
    @Inject
    PanelResolver resolver;

    private static AlertItem alert(Map<String, String> labels) {
        return new AlertItem(AlertItem.FIRING, "fp-routes", labels, Map.of(), Instant.now(), null, null, null, null,
                null, null);
    }

    @Test
    void topLevelRouteSendsAnUnlinkedAlertToItsPanelsAndPerDashboardRoutesStillApply() throws Exception {
        importer.importJson(MAPPER.readTree("""
                {"alert_routes": [{"match": {"service": "payments"}, "grafana": {"dashboardUid": "pay-uid", "panelIds": [4, 5]}}],
                 "dashboards": [{"id": "routes-board", "type": "error_rate", "metrics": ["error_ratio"],
                   "refresh_minutes": 1440, "grafana": {"dashboardUid": "board-uid", "panelId": 1},
                   "alert_routes": [{"match": {"service": "cart"}, "grafana": {"dashboardUid": "cart-uid"}}]}]}
                """));

        PanelResolver.Resolution payments = resolver.resolve(alert(Map.of("alertname", "HighErrorRate", "service", "payments")));
        assertThat(payments.targets()).containsExactly(new GrafanaTarget("pay-uid", 4), new GrafanaTarget("pay-uid", 5));
        assertThat(payments.how()).isEqualTo("alert_routes");

        PanelResolver.Resolution cart = resolver.resolve(alert(Map.of("alertname", "HighErrorRate", "service", "cart")));
        assertThat(cart.targets()).containsExactly(new GrafanaTarget("cart-uid", null));
        assertThat(cart.how()).isEqualTo("alert_routes of dashboard routes-board");
    }

    @Test
    void routeRemovedFromTheFileStopsApplyingOnTheNextImport() throws Exception {
        importer.importJson(MAPPER.readTree("""
                {"alert_routes": [{"match": {"service": "search"}, "grafana": {"dashboardUid": "search-uid"}}],
                 "dashboards": []}
                """));
        assertThat(resolver.resolve(alert(Map.of("service", "search"))).targets())
                .containsExactly(new GrafanaTarget("search-uid", null));

        importer.importJson(MAPPER.readTree("{\"dashboards\": []}"));
        assertThat(resolver.resolve(alert(Map.of("service", "search"))).how()).isNotEqualTo("alert_routes");
    }

    @Test
    void badTopLevelRouteIsRefusedNamingItsField() {
        assertThatThrownBy(() -> importer.importJson(MAPPER.readTree("""
                {"alert_routes": [{"match": {}, "grafana": {"dashboardUid": "x"}}], "dashboards": []}
                """))).isInstanceOf(DashboardConfigException.class)
                .hasMessageContaining("config: field 'alert_routes[0].match' must be a non-empty object");
    }
}
