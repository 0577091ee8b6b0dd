package io.dashinsights.store;

/** One attempt to change Grafana: what, where, and how it went. {@code statusCode} null = no answer. */
public record GrafanaUpdate(long id, String dashboardId, String runId, String target, String kind,
                            Integer statusCode, String error, String text, Long annotationId, long createdAt) {
}
