package io.dashinsights.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Builds seed-format configs for tests. */
public final class Dashboards {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Dashboards() {
    }

    /** A config with one dashboard of {@code type} targeting {@code uid}/panel 2, querying metric "requests". */
    public static JsonNode one(String id, String type, String uid) {
        try {
            return MAPPER.readTree("""
                    {"dashboards": [{"id": "%s", "type": "%s", "metrics": ["requests"],
                      "queries": {"requests": "sum(rate(http_requests_total[5m]))"},
                      "time_range": "%s", "refresh_minutes": 30, "platform": "grafana",
                      "grafana": {"dashboardUid": "%s", "panelId": 2}}]}
                    """.formatted(id, type, type.equals("anomaly_detection") ? "24h" : "7d", uid));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An anomaly dashboard on {@code uid}/panel 2 that also keeps the panel description up to date. */
    public static JsonNode withPanelText(String id, String uid) {
        try {
            return MAPPER.readTree("""
                    {"dashboards": [{"id": "%s", "type": "anomaly_detection", "metrics": ["requests"],
                      "refresh_minutes": 30, "panel_text": true, "grafana": {"dashboardUid": "%s", "panelId": 2}}]}
                    """.formatted(id, uid));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A prepare/push envelope as JSON text. */
    public static String envelope(String function, String id, String dashboardId) {
        return """
                {"specversion": "1.0", "id": "%s", "type": "dashboard-insights.%s", "source": "/test",
                 "subject": "%s", "data": {"dashboardId": "%s"}}
                """.formatted(id, function, dashboardId, dashboardId);
    }
}
