package io.dashinsights.support;

import io.dashinsights.store.Jdbc;

/** Small store manipulations tests need to stand in for the passage of time. */
public final class Envelopes {

    private Envelopes() {
    }

    /** Makes every pending outbox entry of {@code dashboardId} due now, as if its backoff had passed. */
    public static void outboxDueNow(Jdbc jdbc, String dashboardId) {
        jdbc.update("UPDATE outbox SET next_attempt_at = 0 WHERE dashboard_id = ? AND status = 'pending'", dashboardId);
    }

    /** Makes a dashboard due now, as if its refresh interval had passed. */
    public static void dueNow(Jdbc jdbc, String dashboardId) {
        jdbc.update("UPDATE dashboards SET next_due = 0 WHERE id = ?", dashboardId);
    }

    /** A push-grafana envelope with one region annotation for {@code dashboardId}. */
    public static String push(String id, String dashboardId, String uid, String key) {
        return """
                {"specversion": "1.0", "id": "%s", "type": "dashboard-insights.push-grafana", "source": "/test",
                 "runid": "%s", "data": {"dashboardId": "%s", "target": {"dashboardUid": "%s", "panelId": 2},
                 "panelText": "Revenue 12%% above expected", "annotations": [{"key": "%s", "scope": "%s",
                 "time": 1767225600000, "timeEnd": 1767229200000, "text": "Revenue spike", "tags": ["anomaly"]}]}}
                """.formatted(id, id, dashboardId, uid, key, key);
    }
}
