package io.dashinsights.store;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The local Grafana stand-in's annotations (used when no Grafana URL is configured). */
@ApplicationScoped
public class LocalAnnotationRepository {

    /** One stored annotation. */
    public record LocalAnnotation(long id, String dashboardUid, Integer panelId, long time, Long timeEnd, String text,
                                  String tags) {
    }

    private final Jdbc jdbc;

    LocalAnnotationRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public long create(String dashboardUid, Integer panelId, long time, Long timeEnd, String text, String tags, long now) {
        return jdbc.insert("INSERT INTO local_annotations (dashboard_uid, panel_id, time_ms, time_end_ms, text, tags, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", dashboardUid, panelId, time, timeEnd, text, tags, now);
    }

    public boolean update(long id, long time, Long timeEnd, String text, String tags, long now) {
        return jdbc.update("UPDATE local_annotations SET time_ms = ?, time_end_ms = ?, text = ?, tags = ?, updated_at = ? "
                + "WHERE id = ?", time, timeEnd, text, tags, now, id) == 1;
    }

    public List<LocalAnnotation> all() {
        return jdbc.query("SELECT * FROM local_annotations ORDER BY id", rs -> new LocalAnnotation(rs.getLong("id"),
                rs.getString("dashboard_uid"), Jdbc.nullableInt(rs, "panel_id"), rs.getLong("time_ms"),
                Jdbc.nullableLong(rs, "time_end_ms"), rs.getString("text"), rs.getString("tags")));
    }
}
