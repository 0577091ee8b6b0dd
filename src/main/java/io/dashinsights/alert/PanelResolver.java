package io.dashinsights.alert;

import io.dashinsights.config.InsightsConfig;
import io.dashinsights.domain.AlertRoute;
import io.dashinsights.domain.GrafanaTarget;
import io.dashinsights.store.AlertRouteRepository;
import io.dashinsights.store.DashboardRepository;
import io.dashinsights.domain.DashboardState;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Which Grafana panels an alert concerns. Grafana strips {@code __dashboardUid__}/{@code __panelId__}
 * from webhook payloads and sends links instead, so the order is: the panel link, the imported
 * config's top-level {@code alert_routes}, then those inside dashboard entries (first match wins), a
 * dashboard-wide annotation when a dashboard is
 * known, otherwise nothing, with the reason recorded.
 */
@ApplicationScoped
public class PanelResolver {

    /** The panels to annotate and how they were found; {@code reason} says why there are none. */
    public record Resolution(List<GrafanaTarget> targets, String how, String reason) {
    }

    private final DashboardRepository dashboards;
    private final AlertRouteRepository alertRoutes;
    private final Optional<String> defaultDashboardUid;

    PanelResolver(DashboardRepository dashboards, AlertRouteRepository alertRoutes, InsightsConfig config) {
        this.dashboards = dashboards;
        this.alertRoutes = alertRoutes;
        this.defaultDashboardUid = config.alerts().dashboardUid().filter(u -> !u.isBlank());
    }

    public Resolution resolve(AlertItem alert) {
        if (alert.target() != null) {
            return new Resolution(List.of(alert.target()), "the error_rate dashboard's target", null);
        }
        Optional<GrafanaTarget> panel = GrafanaTarget.fromUrl(alert.panelUrl());
        if (panel.isPresent() && panel.get().panelId() != null) {
            return new Resolution(List.of(panel.get()), "panelURL", null);
        }
        Optional<GrafanaTarget> dashboard = GrafanaTarget.fromUrl(alert.dashboardUrl());
        if (dashboard.isPresent() && dashboard.get().panelId() != null) {
            return new Resolution(List.of(dashboard.get()), "dashboardURL", null);
        }
        for (AlertRoute route : alertRoutes.findAll()) {
            if (route.matches(alert.labels())) {
                return new Resolution(targets(route), "alert_routes", null);
            }
        }
        for (DashboardState d : dashboards.findAll()) {
            for (AlertRoute route : d.config().alertRoutes()) {
                if (route.matches(alert.labels())) {
                    return new Resolution(targets(route), "alert_routes of dashboard " + d.id(), null);
                }
            }
        }
        Optional<String> uid = panel.or(() -> dashboard).map(GrafanaTarget::dashboardUid).or(() -> defaultDashboardUid);
        if (uid.isPresent()) {
            return new Resolution(List.of(new GrafanaTarget(uid.get(), null)), "dashboard-wide", null);
        }
        return new Resolution(List.of(), null, "no panel link in the alert (panelURL/dashboardURL), no alert_routes "
                + "entry matching its labels " + alert.labels() + ", and insights.alerts.dashboard-uid is not set");
    }

    private static List<GrafanaTarget> targets(AlertRoute route) {
        return route.panelIds().isEmpty() ? List.of(new GrafanaTarget(route.dashboardUid(), null))
                : route.panelIds().stream().map(p -> new GrafanaTarget(route.dashboardUid(), p)).toList();
    }
}
