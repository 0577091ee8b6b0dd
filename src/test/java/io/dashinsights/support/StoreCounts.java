package io.dashinsights.support;

import io.dashinsights.store.Jdbc;

/** Row counts of every table a request can write, to show that a refused request changed nothing. */
public final class StoreCounts {

    private StoreCounts() {
    }

    public static String snapshot(Jdbc jdbc) {
        return jdbc.queryOne("SELECT (SELECT COUNT(*) FROM dashboards) || '/' || (SELECT COUNT(*) FROM stage_runs) || '/' "
                + "|| (SELECT COUNT(*) FROM grafana_updates) || '/' || (SELECT COUNT(*) FROM outbox) || '/' "
                + "|| (SELECT COUNT(*) FROM annotation_links) || '/' || (SELECT COUNT(*) FROM alert_groups) || '/' "
                + "|| (SELECT COUNT(*) FROM local_annotations) || '/' || (SELECT COALESCE(SUM(next_due), 0) FROM dashboards)", rs -> rs.getString(1)).orElseThrow();
    }
}
