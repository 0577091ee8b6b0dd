package io.dashinsights.grafana;

/**
 * Grafana will not take this change, now or on a retry: the push records why and moves on (annotations
 * still go out when only the panel description is refused). Each reason mirrors a refusal in Grafana's code.
 */
public class GrafanaRefusal extends GrafanaException {

    /** Why Grafana refuses; the comment names where Grafana decides it. */
    public enum Reason {
        /**
         * The dashboard UID does not exist. POST /api/annotations would not say so: it ignores the lookup error
         * and stores an org-wide annotation (grafana/grafana pkg/api/annotations.go PostAnnotation @50a6c7aa).
         */
        UNKNOWN_DASHBOARD,
        /** Save answered 412 {@code name-exists}: another dashboard in the folder has the title (pkg/api/dashboard.go). */
        NAME_EXISTS,
        /** Save answered 412 {@code plugin-dashboard}: the dashboard belongs to a plugin (pkg/api/dashboard.go). */
        PLUGIN_DASHBOARD,
        /** Save answered 400 "Cannot save provisioned dashboard" (pkg/services/dashboards/errors.go). */
        PROVISIONED,
        /** GET /api/dashboards/uid answered 406: a v2-schema dashboard the v1 API cannot change. */
        V2_SCHEMA,
        /** The panel is a library panel: a description set on the dashboard's copy is ignored by Grafana. */
        LIBRARY_PANEL,
        /** The dashboard has no panel with the configured id. */
        NO_SUCH_PANEL,
        /** Someone saved the dashboard again on every one of our attempts (412 {@code version-mismatch}). */
        KEEPS_CHANGING
    }

    private final Reason reason;

    public GrafanaRefusal(Reason reason, String message, Integer status) {
        super(message, status, null, null);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
