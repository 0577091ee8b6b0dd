package io.dashinsights.store;

import io.dashinsights.domain.OutboxStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pushes that did not reach Grafana. A later trigger run claims due entries (one conditional UPDATE per batch,
 * like dashboards) and delivers them; a newer push for the same dashboard supersedes older pending ones.
 */
@ApplicationScoped
public class OutboxRepository {

    /** A pending push; {@code payload} is the push-grafana envelope as JSON. */
    public record Entry(long id, String dashboardId, String envelopeId, String payload, int attempts) {
    }

    private final Jdbc jdbc;

    OutboxRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps a failed push; returns false when this envelope is already kept. */
    public boolean enqueue(String dashboardId, String envelopeId, String payload, String error, long retryAt, long now) {
        jdbc.update("UPDATE outbox SET status = ? WHERE dashboard_id = ? AND status = ? AND envelope_id <> ?",
                OutboxStatus.SUPERSEDED, dashboardId, OutboxStatus.PENDING, envelopeId);
        int existing = jdbc.update("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, "
                + "lease_until = NULL WHERE envelope_id = ? AND status = ?", retryAt,
                DashboardRepository.truncate(error), envelopeId, OutboxStatus.PENDING);
        if (existing > 0) {
            return false;
        }
        jdbc.insert("INSERT INTO outbox (dashboard_id, envelope_id, payload, attempts, next_attempt_at, status, "
                + "last_error, created_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?)", dashboardId, envelopeId, payload,
                retryAt, OutboxStatus.PENDING, DashboardRepository.truncate(error), now);
        return true;
    }

    /**
     * Claims up to {@code limit} due pending pushes, oldest first, in one statement (as
     * {@link DashboardRepository#claimDue} does for dashboards); returns what this caller won.
     */
    public List<Entry> claimDue(long now, long leaseUntil, int limit) {
        List<Entry> claimed = new ArrayList<>(jdbc.claimReturning("outbox", new Jdbc.Sql("lease_until = ?", leaseUntil),
                new Jdbc.Sql("SELECT id FROM outbox WHERE status = ? AND next_attempt_at <= ? "
                        + "AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id "
                        + "FETCH FIRST " + limit + " ROWS ONLY FOR UPDATE SKIP LOCKED", OutboxStatus.PENDING, now, now),
                new Jdbc.Sql("status = ? AND (lease_until IS NULL OR lease_until < ?)", OutboxStatus.PENDING, now),
                "id, dashboard_id, envelope_id, payload, attempts",
                rs -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5))));
        claimed.sort(Comparator.comparingLong(Entry::id));
        return claimed;
    }

    public void delivered(String envelopeId, long now) {
        jdbc.update("UPDATE outbox SET status = ?, delivered_at = ?, lease_until = NULL "
                + "WHERE envelope_id = ? AND status = ?", OutboxStatus.DELIVERED, now, envelopeId, OutboxStatus.PENDING);
    }

    public int pendingCount(String dashboardId) {
        String where = dashboardId == null ? "" : " AND dashboard_id = ?";
        Object[] params = dashboardId == null ? new Object[] {OutboxStatus.PENDING}
                : new Object[] {OutboxStatus.PENDING, dashboardId};
        return jdbc.queryOne("SELECT COUNT(*) FROM outbox WHERE status = ?" + where, rs -> rs.getInt(1), params)
                .orElse(0);
    }
}
