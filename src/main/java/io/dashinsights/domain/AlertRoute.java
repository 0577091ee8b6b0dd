package io.dashinsights.domain;

import java.util.List;
import java.util.Map;

/**
 * Where alerts with these labels are annotated when the alert itself carries no panel link
 * ({@code "alert_routes": [{"match": {"service": "checkout"}, "grafana": {"dashboardUid": "svc-overview",
 * "panelIds": [2, 3]}}]}). All listed labels must be equal; no panel ids means a dashboard-wide annotation.
 */
public record AlertRoute(Map<String, String> match, String dashboardUid, List<Integer> panelIds) {

    public boolean matches(Map<String, String> labels) {
        return match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
