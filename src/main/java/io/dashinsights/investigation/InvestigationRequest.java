package io.dashinsights.investigation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One incident to investigate.
 *
 * @param dashboardUid  Grafana dashboard whose change annotations count (null: only org-wide ones with the tags)
 * @param metric        name of the deviating metric, for the texts
 * @param query         its PromQL (null or blank when the series is not from Prometheus: no breakdown)
 * @param upward        whether the incident is a rise (true) or a drop
 * @param others        the dashboard's other queries and configured related queries, name → PromQL
 * @param scope         labels that identify the service (e.g. {@code service=checkout} from an alert), used to
 *                      keep change signals of other services out; may be empty
 * @param excludeTags   tags of annotations that must never count as evidence (the ones this app writes)
 */
public record InvestigationRequest(String dashboardUid, String metric, String query, boolean upward,
                                   Instant incidentStart, Instant incidentEnd, Map<String, String> others,
                                   Map<String, String> scope, List<String> excludeTags) {

    public InvestigationRequest {
        others = others == null ? Map.of() : Map.copyOf(others);
        scope = scope == null ? Map.of() : Map.copyOf(scope);
        excludeTags = excludeTags == null ? List.of() : List.copyOf(excludeTags);
        if (incidentEnd.isBefore(incidentStart)) {
            throw new IllegalArgumentException("incident ends before it starts: " + incidentStart + " > " + incidentEnd);
        }
    }
}
