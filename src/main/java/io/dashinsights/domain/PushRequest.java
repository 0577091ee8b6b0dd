package io.dashinsights.domain;


import java.util.List;

/**
 * The {@code data} of a push-grafana envelope: what to show on one dashboard's Grafana target.
 *
 * @param panelText the panel description to set, or null to leave it alone
 */
public record PushRequest(String dashboardId, GrafanaTarget target, List<AnnotationPush> annotations,
                          String panelText) {

    /** Prefix of the {@code dashboardId} of an alert's push: {@code alert:<alert key>:<uid>[/<panel>]}. */
    public static final String ALERT_PREFIX = "alert:";

    /** The {@code dashboardId} of the push of one alert occurrence to one target; push-grafana checks it against the store. */
    public static String alertOccurrence(String alertKey, GrafanaTarget target) {
        return ALERT_PREFIX + safe(alertKey) + ":" + safe(target.stored());
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_.:@/\\-]", "_");
    }

    /**
     * One annotation. {@code key} identifies the finding exactly; {@code scope} (e.g. dashboard + metric)
     * groups findings whose overlapping spans are the same incident. {@code open} says the finding is still
     * going on (a firing alert): if someone deleted its annotation in Grafana it is created again; otherwise
     * (null or false) a deleted annotation stays deleted.
     */
    public record AnnotationPush(String key, String scope, long time, Long timeEnd, String text, List<String> tags,
                                 Boolean open) {

        public AnnotationPush(String key, String scope, long time, Long timeEnd, String text, List<String> tags) {
            this(key, scope, time, timeEnd, text, tags, null);
        }
    }
}
