package io.dashinsights.domain;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a dashboard's findings go in Grafana. {@code panelId} null means a dashboard-wide annotation. */
public record GrafanaTarget(String dashboardUid, Integer panelId) {

    private static final Pattern DASHBOARD_PATH = Pattern.compile("/d/([A-Za-z0-9_\\-]{1,40})(?:/|$)");
    private static final Pattern VIEW_PANEL = Pattern.compile("(?:^|&)viewPanel=(?:panel-)?(\\d{1,9})(?:&|$)");

    /**
     * Parses a Grafana dashboard or panel link ({@code …/d/<uid>/<slug>?viewPanel=<id>}). Grafana strips
     * the dashboard/panel ids from alert payloads and sends these links instead, so the same parser serves
     * config import and alert webhooks.
     */
    public static Optional<GrafanaTarget> fromUrl(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Matcher path = DASHBOARD_PATH.matcher(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (!path.find()) {
            return Optional.empty();
        }
        Integer panelId = null;
        if (uri.getRawQuery() != null) {
            Matcher panel = VIEW_PANEL.matcher(uri.getRawQuery());
            if (panel.find()) {
                panelId = Integer.valueOf(panel.group(1));
            }
        }
        return Optional.of(new GrafanaTarget(path.group(1), panelId));
    }

    /** The stored form {@code uid} or {@code uid/panelId} (uids have no '/' or ','), as the alert worker records it. */
    public String stored() {
        return panelId == null ? dashboardUid : dashboardUid + "/" + panelId;
    }

    public static GrafanaTarget parseStored(String stored) {
        int slash = stored.indexOf('/');
        return slash < 0 ? new GrafanaTarget(stored, null)
                : new GrafanaTarget(stored.substring(0, slash), Integer.valueOf(stored.substring(slash + 1)));
    }

    /** Human-readable form used in the update log: {@code uid} or {@code uid/panel}. */
    public String describe() {
        return panelId == null ? dashboardUid : dashboardUid + "/panel " + panelId;
    }
}
