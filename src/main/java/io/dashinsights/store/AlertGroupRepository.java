package io.dashinsights.store;

import io.dashinsights.domain.Coded;
import io.dashinsights.domain.AlertGroupState;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Recorded webhook deliveries (see V2__alerts.sql). A group is claimed by one conditional UPDATE (pending,
 * due, and not leased by a live processor), so two workers or instances never process it at once, and a
 * processor that died leaves a lease that simply runs out.
 */
@ApplicationScoped
public class AlertGroupRepository {

    /** A recorded group; {@code payload} is the normalised {@code AlertGroup} as JSON. */
    public record Row(long id, String source, String status, String payload, AlertGroupState state, int attempts,
                      String explanation, String lastError, long receivedAt, Long finishedAt) {
    }

    /** The result of recording a delivery: its id, and whether the same body was recorded before. */
    public record Recorded(long groupId, boolean duplicate, AlertGroupState state) {
    }

    /** Inserts nothing for a repeat already committed (the NOT EXISTS); see {@link #record}. */
    private static final String RECORD = "INSERT INTO alert_groups (body_hash, source, group_key, status, payload, state, "
            + "attempts, next_attempt_at, received_at) SELECT ?, ?, ?, ?, ?, ?, 0, ?, ? "
            + "WHERE NOT EXISTS (SELECT 1 FROM alert_groups WHERE body_hash = ?)";

    private static final String COLUMNS = "id, source, status, payload, state, attempts, explanation, last_error, "
            + "received_at, finished_at";

    private final Jdbc jdbc;

    AlertGroupRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a delivery unless one with the same {@code bodyHash} is recorded: one INSERT on the webhook's answer
     * path; the stored row is read only for a repeat. The INSERT inserts nothing for a repeat already committed (the
     * NOT EXISTS), so a sender's retry costs no failed statement: on H2, which has no ON CONFLICT, that failure was an
     * exception built for one delivery in five of a retry storm. Two copies of one delivery at the same instant still
     * meet the unique key, which {@link Jdbc#insertUnlessPresent} handles.
     */
    public Recorded record(String bodyHash, String source, String groupKey, String status, String payload, long now) {
        OptionalLong inserted = jdbc.insertUnlessPresent(RECORD, recordParams(bodyHash, source, groupKey, status, payload, now));
        if (inserted.isPresent()) {
            return new Recorded(inserted.getAsLong(), false, AlertGroupState.PENDING);
        }
        return recorded(bodyHash).orElseThrow();
    }

    /**
     * {@link #record}'s INSERT, rolled back (the startup priming of the webhook): nothing is recorded, but the
     * statement is prepared and planned on the connection and in the database as the first real delivery needs it.
     */
    public void rehearseRecord(String bodyHash, String source, String groupKey, String status, String payload, long now) {
        jdbc.insertAndRollBack(RECORD, recordParams(bodyHash, source, groupKey, status, payload, now));
    }

    private static Object[] recordParams(String bodyHash, String source, String groupKey, String status, String payload,
                                         long now) {
        return new Object[] {bodyHash, source, DashboardRepository.truncate(groupKey), status, payload,
                AlertGroupState.PENDING, now, now, bodyHash};
    }

    /** The group recorded under {@code bodyHash}, if any (read only: what a repeat is answered from). */
    public Optional<Recorded> recorded(String bodyHash) {
        return jdbc.queryOne("SELECT id, state FROM alert_groups WHERE body_hash = ?",
                rs -> new Recorded(rs.getLong(1), true, Coded.fromCode(AlertGroupState.class, rs.getString(2))), bodyHash);
    }

    public Optional<Row> find(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM alert_groups WHERE id = ?", AlertGroupRepository::map, id);
    }

    public List<Row> recent(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM alert_groups ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY",
                AlertGroupRepository::map);
    }

    /** Groups waiting for processing, oldest first: pending and due, or processing with an expired lease. */
    public List<Long> dueIds(long now, int limit) {
        return jdbc.query("SELECT id FROM alert_groups WHERE (state = ? AND next_attempt_at <= ?) "
                + "OR (state = ? AND lease_until < ?) ORDER BY id FETCH FIRST " + limit + " ROWS ONLY",
                rs -> rs.getLong(1), AlertGroupState.PENDING, now, AlertGroupState.PROCESSING, now);
    }

    public boolean claim(long id, long now, long leaseUntil) {
        return jdbc.update("UPDATE alert_groups SET state = ?, lease_until = ?, attempts = attempts + 1 "
                + "WHERE id = ? AND ((state = ? AND next_attempt_at <= ?) OR (state = ? AND lease_until < ?))",
                AlertGroupState.PROCESSING, leaseUntil, id, AlertGroupState.PENDING, now, AlertGroupState.PROCESSING,
                now) == 1;
    }

    public void saveExplanation(long id, String explanation) {
        jdbc.update("UPDATE alert_groups SET explanation = ? WHERE id = ?", explanation, id);
    }

    public void done(long id, long now) {
        jdbc.update("UPDATE alert_groups SET state = ?, lease_until = NULL, finished_at = ?, last_error = NULL "
                + "WHERE id = ?", AlertGroupState.DONE, now, id);
    }

    /** Back to pending until {@code retryAt}, or failed for good after the last attempt. */
    public void retryLater(long id, String error, long retryAt, boolean giveUp, long now) {
        jdbc.update("UPDATE alert_groups SET state = ?, lease_until = NULL, next_attempt_at = ?, last_error = ?, "
                + "finished_at = ? WHERE id = ?", giveUp ? AlertGroupState.FAILED : AlertGroupState.PENDING, retryAt,
                DashboardRepository.truncate(error), giveUp ? now : null, id);
    }

    public int countInState(AlertGroupState state) {
        return jdbc.queryOne("SELECT COUNT(*) FROM alert_groups WHERE state = ?", rs -> rs.getInt(1), state).orElse(0);
    }

    private static Row map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong("id"), rs.getString("source"), rs.getString("status"), rs.getString("payload"),
                Coded.fromCode(AlertGroupState.class, rs.getString("state")), rs.getInt("attempts"), rs.getString("explanation"), rs.getString("last_error"),
                rs.getLong("received_at"), Jdbc.nullableLong(rs, "finished_at"));
    }
}
