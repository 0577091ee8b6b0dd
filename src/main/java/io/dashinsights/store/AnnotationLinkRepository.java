package io.dashinsights.store;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Finding → Grafana annotation id, so a finding pushed again updates its annotation. A finding is found
 * by its exact key, or else by an overlapping time span in the same scope (a region re-detected with an
 * edge moved by a sample is the same incident).
 */
@ApplicationScoped
public class AnnotationLinkRepository {

    private final Jdbc jdbc;

    AnnotationLinkRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The annotation a finding has in Grafana; {@code gone} when someone deleted it there. */
    public record Existing(long annotationId, boolean gone) {
    }

    public Optional<Existing> find(String findingKey, String scope, long time, Long timeEnd) {
        Optional<Existing> exact = jdbc.queryOne("SELECT annotation_id, gone_at FROM annotation_links WHERE finding_key = ?",
                AnnotationLinkRepository::existing, findingKey);
        if (exact.isPresent()) {
            return exact;
        }
        long end = timeEnd == null ? time : timeEnd;
        return jdbc.queryOne("SELECT annotation_id, gone_at FROM annotation_links WHERE scope = ? AND time_ms <= ? "
                + "AND COALESCE(time_end_ms, time_ms) >= ? ORDER BY time_ms DESC FETCH FIRST 1 ROWS ONLY",
                AnnotationLinkRepository::existing, scope, end, time);
    }

    /** Records that the annotation was deleted in Grafana (kept, so the finding is not annotated again). */
    public void markGone(long annotationId, long now) {
        jdbc.update("UPDATE annotation_links SET gone_at = ?, updated_at = ? WHERE annotation_id = ?", now, now,
                annotationId);
    }

    private static Existing existing(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Existing(rs.getLong(1), Jdbc.nullableLong(rs, "gone_at") != null);
    }

    /** Links {@code findingKey} (and any older key of the same annotation) to the annotation's current span. */
    public void save(String findingKey, String dashboardId, String scope, long annotationId, long time, Long timeEnd,
                     long now) {
        jdbc.update("DELETE FROM annotation_links WHERE annotation_id = ? AND finding_key <> ?", annotationId, findingKey);
        if (jdbc.update("UPDATE annotation_links SET annotation_id = ?, time_ms = ?, time_end_ms = ?, gone_at = NULL, "
                + "updated_at = ? WHERE finding_key = ?", annotationId, time, timeEnd, now, findingKey) == 0) {
            jdbc.insertIfAbsent("INSERT INTO annotation_links (finding_key, dashboard_id, scope, annotation_id, time_ms, "
                            + "time_end_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", findingKey,
                    dashboardId, scope, annotationId, time, timeEnd, now, now);
        }
    }

    /** One finding's annotation as last pushed. Times are epoch milliseconds. */
    public record Link(long annotationId, String scope, long time, Long timeEnd) {
    }

    /** The dashboard's annotations, newest first. */
    public List<Link> forDashboard(String dashboardId, int limit) {
        return jdbc.query("SELECT annotation_id, scope, time_ms, time_end_ms FROM annotation_links WHERE dashboard_id = ? "
                + "ORDER BY time_ms DESC FETCH FIRST " + limit + " ROWS ONLY", rs -> new Link(rs.getLong(1),
                rs.getString(2), rs.getLong(3), Jdbc.nullableLong(rs, "time_end_ms")), dashboardId);
    }
}
