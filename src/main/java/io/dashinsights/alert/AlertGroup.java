package io.dashinsights.alert;

import java.util.List;
import java.util.Map;

/**
 * One webhook delivery, normalised from Grafana Alerting (version "1"), Alertmanager (version "4") or the
 * scheduled {@code error_rate} check ({@code source = "pull"}). This is what is recorded before we answer.
 *
 * @param truncatedAlerts    alerts of the group not processed: left out by the sender plus those past
 *                           {@code insights.alerts.max-alerts}
 * @param notificationReason Alertmanager ≥ 0.32's reason for this notification ("first notification", …), else null
 * @param routeLabels        Alertmanager ≥ 0.34's labels of the route that matched, else empty
 * @param truncated          the alerts past {@code insights.alerts.max-alerts}: recorded, not processed
 */
public record AlertGroup(String source, String receiver, String status, String groupKey,
                         Map<String, String> groupLabels, Map<String, String> commonLabels, int truncatedAlerts,
                         List<AlertItem> alerts, String notificationReason, Map<String, String> routeLabels,
                         List<AlertItem> truncated) {

    public static final String GRAFANA = "grafana";
    public static final String ALERTMANAGER = "alertmanager";
    public static final String PULL = "pull";

    public AlertGroup {
        routeLabels = routeLabels == null ? Map.of() : routeLabels;
        truncated = truncated == null ? List.of() : truncated;
    }

    public AlertGroup(String source, String receiver, String status, String groupKey, Map<String, String> groupLabels,
                      Map<String, String> commonLabels, int truncatedAlerts, List<AlertItem> alerts) {
        this(source, receiver, status, groupKey, groupLabels, commonLabels, truncatedAlerts, alerts, null, Map.of(),
                List.of());
    }
}
