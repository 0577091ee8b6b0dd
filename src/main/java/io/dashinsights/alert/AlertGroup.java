package io.dashinsights.alert;

import java.util.List;
import java.util.Map;

/**
 * One webhook delivery, normalised from Grafana Alerting (version "1"), Alertmanager (version "4") or the
 * scheduled {@code error_rate} check ({@code source = "pull"}). This is what is recorded before we answer.
 */
public record AlertGroup(String source, String receiver, String status, String groupKey,
                         Map<String, String> groupLabels, Map<String, String> commonLabels, int truncatedAlerts,
                         List<AlertItem> alerts) {

    public static final String GRAFANA = "grafana";
    public static final String ALERTMANAGER = "alertmanager";
    public static final String PULL = "pull";
}
