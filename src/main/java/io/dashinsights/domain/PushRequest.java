package io.dashinsights.domain;


import java.util.List;

/**
 * The {@code data} of a push-grafana envelope: what to show on one dashboard's Grafana target.
 *
 * @param panelText the panel description to set, or null to leave it alone
 */
public record PushRequest(String dashboardId, GrafanaTarget target, List<AnnotationPush> annotations,
                          String panelText) {

    /**
     * One annotation. {@code key} identifies the finding exactly; {@code scope} (e.g. dashboard + metric)
     * groups findings whose overlapping spans are the same incident.
     */
    public record AnnotationPush(String key, String scope, long time, Long timeEnd, String text, List<String> tags) {
    }
}
