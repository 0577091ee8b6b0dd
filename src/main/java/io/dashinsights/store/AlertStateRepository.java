package io.dashinsights.store;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * One row per alert occurrence (fingerprint + startsAt): the decision taken, the measured rate and the
 * Grafana annotation ids, so a retried delivery or a duplicate alert never annotates twice.
 */
@ApplicationScoped
public class AlertStateRepository {

    /** Statuses: see {@code io.dashinsights.alert.AlertStatus}. Rates are ratios (0.072 = 7.2 %). */
    public record State(String key, String fingerprint, long startsAt, Long endsAt, String alertName, String labels,
                        Long groupId, String status, Double errorRate, String rateSource, Double threshold,
                        String targets, String annotationIds, String tags, String text, String reason, long createdAt,
                        long updatedAt) {

        /**
         * The next decision about this occurrence: what changes as an alert moves on (status, end, text, reason,
         * annotation ids), by name instead of 18 positions; identity, measurement and creation time stay.
         */
        public State next(String status, Long endsAt, String text, String reason, String annotationIds, long updatedAt) {
            return new State(key, fingerprint, startsAt, endsAt, alertName, labels, groupId, status, errorRate,
                    rateSource, threshold, targets, annotationIds, tags, text, reason, createdAt, updatedAt);
        }
    }

    private final Jdbc jdbc;

    AlertStateRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<State> find(String key) {
        return jdbc.queryOne("SELECT * FROM alert_states WHERE alert_key = ?", AlertStateRepository::map, key);
    }

    /** The newest occurrence of {@code fingerprint} whose region is still open (annotated, not resolved). */
    public Optional<State> findOpen(String fingerprint) {
        return jdbc.queryOne("SELECT * FROM alert_states WHERE fingerprint = ? AND status IN ('annotating', 'annotated') "
                + "ORDER BY starts_at DESC FETCH FIRST 1 ROWS ONLY", AlertStateRepository::map, fingerprint);
    }

    public List<State> recent(int limit) {
        return jdbc.query("SELECT * FROM alert_states ORDER BY updated_at DESC, alert_key FETCH FIRST " + limit
                + " ROWS ONLY", AlertStateRepository::map);
    }

    /**
     * The occurrence's annotation went out with the template's text although a model is configured: ask the
     * model again from {@code at} on. Only such rows are ever asked again (not those of a deployment without a
     * model, whose template text is the intended one).
     */
    public void explainAgainFrom(String key, long at) {
        jdbc.update("UPDATE alert_states SET explain_next_at = ? WHERE alert_key = ?", at, key);
    }

    /**
     * Annotated occurrences waiting to be explained again whose next try is due, with fewer than
     * {@code maxAttempts} tries so far, longest waiting first.
     */
    public List<State> explainAgainDue(long now, int maxAttempts, int limit) {
        return jdbc.query("SELECT * FROM alert_states WHERE explain_next_at <= ? AND explain_attempts < ? "
                + "AND status IN ('annotated', 'resolved') ORDER BY explain_next_at, alert_key FETCH FIRST " + limit
                + " ROWS ONLY", AlertStateRepository::map, now, maxAttempts);
    }

    /** A try failed (the model is still down, or its answer was dropped): the n-th next one waits n delays. */
    public void explainAgainLater(String key, long now, long delayMillis) {
        jdbc.update("UPDATE alert_states SET explain_attempts = explain_attempts + 1, explain_next_at = CAST(? AS BIGINT) "
                + "+ CAST(? AS BIGINT) * (explain_attempts + 1) WHERE alert_key = ?", now, delayMillis, key);
    }

    /**
     * The model's text replaced the template's: stores it, unless the occurrence changed since {@code seen} was
     * read (its own group's processing, e.g. a resolve, wins). Returns whether it was stored.
     */
    public boolean explained(State seen, String text, String tags, String annotationIds, long now) {
        return jdbc.update("UPDATE alert_states SET text = ?, tags = ?, annotation_ids = ?, updated_at = ?, "
                        + "explain_next_at = NULL WHERE alert_key = ? AND updated_at = ? AND status = ?", text, tags,
                annotationIds, now, seen.key(), seen.updatedAt(), seen.status()) == 1;
    }

    /** Writes the whole row (insert or replace); the caller holds the group's claim. */
    public void save(State s) {
        int updated = jdbc.update("UPDATE alert_states SET ends_at = ?, alert_name = ?, labels = ?, group_id = ?, "
                        + "status = ?, error_rate = ?, rate_source = ?, threshold = ?, targets = ?, annotation_ids = ?, "
                        + "tags = ?, text = ?, reason = ?, updated_at = ? WHERE alert_key = ?", s.endsAt(), s.alertName(),
                s.labels(), s.groupId(), s.status(), s.errorRate(), s.rateSource(), s.threshold(), s.targets(),
                s.annotationIds(), s.tags(), s.text(), DashboardRepository.truncate(s.reason()), s.updatedAt(), s.key());
        if (updated == 0) {
            jdbc.insertIfAbsent("INSERT INTO alert_states (alert_key, fingerprint, starts_at, ends_at, alert_name, labels, "
                            + "group_id, status, error_rate, rate_source, threshold, targets, annotation_ids, tags, text, "
                            + "reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    s.key(), s.fingerprint(), s.startsAt(), s.endsAt(), s.alertName(), s.labels(), s.groupId(),
                    s.status(), s.errorRate(), s.rateSource(), s.threshold(), s.targets(), s.annotationIds(), s.tags(), s.text(),
                    DashboardRepository.truncate(s.reason()), s.createdAt(), s.updatedAt());
        }
    }

    private static State map(ResultSet rs) throws SQLException {
        double rate = rs.getDouble("error_rate");
        Double errorRate = rs.wasNull() ? null : rate;
        double th = rs.getDouble("threshold");
        Double threshold = rs.wasNull() ? null : th;
        return new State(rs.getString("alert_key"), rs.getString("fingerprint"), rs.getLong("starts_at"),
                Jdbc.nullableLong(rs, "ends_at"), rs.getString("alert_name"), rs.getString("labels"),
                Jdbc.nullableLong(rs, "group_id"), rs.getString("status"), errorRate, rs.getString("rate_source"),
                threshold, rs.getString("targets"), rs.getString("annotation_ids"), rs.getString("tags"), rs.getString("text"),
                rs.getString("reason"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }
}
