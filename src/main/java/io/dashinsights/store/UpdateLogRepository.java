package io.dashinsights.store;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The Grafana update log: every push attempt, successful or not. */
@ApplicationScoped
public class UpdateLogRepository {

    private final Jdbc jdbc;

    UpdateLogRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String dashboardId, String runId, String target, String kind, Integer statusCode,
                       String error, String text, Long annotationId, long now) {
        jdbc.insert("INSERT INTO grafana_updates (dashboard_id, run_id, target, kind, status_code, error, text, "
                        + "annotation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", dashboardId, runId, target,
                kind, statusCode, DashboardRepository.truncate(error), text, annotationId, now);
    }

    /** Newest first; all dashboards when {@code dashboardId} is null. */
    public List<GrafanaUpdate> recent(String dashboardId, int limit) {
        String where = dashboardId == null ? "" : "WHERE dashboard_id = ? ";
        Object[] params = dashboardId == null ? new Object[0] : new Object[] {dashboardId};
        return jdbc.query("SELECT * FROM grafana_updates " + where + "ORDER BY id DESC FETCH FIRST " + limit
                + " ROWS ONLY", UpdateLogRepository::map, params);
    }

    private static GrafanaUpdate map(ResultSet rs) throws SQLException {
        return new GrafanaUpdate(rs.getLong("id"), rs.getString("dashboard_id"), rs.getString("run_id"),
                rs.getString("target"), rs.getString("kind"), Jdbc.nullableInt(rs, "status_code"),
                rs.getString("error"), rs.getString("text"), Jdbc.nullableLong(rs, "annotation_id"),
                rs.getLong("created_at"));
    }
}
