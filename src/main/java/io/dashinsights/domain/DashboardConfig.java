package io.dashinsights.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One dashboard as imported from the seed-format config, validated and without secrets.
 *
 * @param queries PromQL per metric; a metric without its own query is queried by its name
 * @param grafana where findings are pushed (required: an annotation without a target would be org-wide)
 * @param horizon forecast/projection steps
 * @param alertRoutes where alerts without a panel link are annotated, by their labels (first match wins)
 */
public record DashboardConfig(String id, DashboardType type, String title, List<String> metrics,
                              Map<String, String> queries, Duration timeRange, int refreshMinutes,
                              GrafanaTarget grafana, boolean panelText, int horizon, List<AlertRoute> alertRoutes) {

    public DashboardConfig {
        // Configs stored before alert_routes existed read back with none.
        alertRoutes = alertRoutes == null ? List.of() : List.copyOf(alertRoutes);
    }

    /** A dashboard without alert routes (the shape before alert_routes existed). */
    public DashboardConfig(String id, DashboardType type, String title, List<String> metrics,
                           Map<String, String> queries, Duration timeRange, int refreshMinutes,
                           GrafanaTarget grafana, boolean panelText, int horizon) {
        this(id, type, title, metrics, queries, timeRange, refreshMinutes, grafana, panelText, horizon, List.of());
    }

    public String queryFor(String metric) {
        return queries.getOrDefault(metric, metric);
    }
}
