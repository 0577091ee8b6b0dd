package io.dashinsights.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One dashboard as imported from the seed-format config, validated and without secrets.
 *
 * @param queries PromQL per metric; a metric without its own query is queried by its name
 * @param grafana where findings are pushed (required: an annotation without a target would be org-wide)
 * @param horizon forecast/projection steps
 */
public record DashboardConfig(String id, DashboardType type, String title, List<String> metrics,
                              Map<String, String> queries, Duration timeRange, int refreshMinutes,
                              GrafanaTarget grafana, boolean panelText, int horizon) {

    public String queryFor(String metric) {
        return queries.getOrDefault(metric, metric);
    }
}
