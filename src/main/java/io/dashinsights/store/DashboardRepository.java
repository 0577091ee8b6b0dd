package io.dashinsights.store;

import io.dashinsights.domain.Coded;
import io.dashinsights.domain.DashboardState;
import io.dashinsights.domain.DashboardStatus;
import io.dashinsights.domain.OutboxStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.domain.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Dashboards and their schedule. A trigger run claims its batch with one conditional UPDATE, so two
 * instances on one database never both win the same dashboard: a row only changes while it is due and unleased.
 */
@ApplicationScoped
public class DashboardRepository {

    private static final String COLUMNS = "id, config, last_update, next_due, lease_owner, lease_until, failures, "
            + "last_status, last_error";

    private final Jdbc jdbc;
    private final ObjectMapper mapper;

    /** Parsed configs by their stored JSON (see {@link #map}). */
    private final Cache<String, DashboardConfig> parsed = Caffeine.newBuilder().maximumSize(10_000).build();

    DashboardRepository(Jdbc jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * Inserts a new dashboard (due at once, or {@code refresh} after the file's {@code last_update}) or
     * replaces an existing one's config while keeping its schedule state.
     */
    public void upsert(DashboardConfig config, Long lastUpdateFromFile, long now) {
        String json = toJson(config);
        int changed = jdbc.update("UPDATE dashboards SET type = ?, config = ?, refresh_minutes = ?, imported_at = ? "
                + "WHERE id = ?", config.type().configName(), json, config.refreshMinutes(), now, config.id());
        if (changed == 0) {
            long nextDue = lastUpdateFromFile == null ? now
                    : lastUpdateFromFile + config.refreshMinutes() * 60_000L;
            boolean inserted = jdbc.insertIfAbsent("INSERT INTO dashboards (id, type, config, refresh_minutes, "
                            + "last_update, next_due, failures, imported_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                    config.id(), config.type().configName(), json, config.refreshMinutes(), lastUpdateFromFile,
                    nextDue, now);
            if (!inserted) {
                // Another instance imported it between our UPDATE and INSERT: apply ours as an update.
                upsert(config, lastUpdateFromFile, now);
            }
        }
    }

    public Optional<DashboardState> find(String id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM dashboards WHERE id = ?", this::map, id);
    }

    public List<DashboardState> findAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM dashboards ORDER BY id", this::map);
    }

    /**
     * Claims up to {@code limit} dashboards that are due, not leased and have no push waiting in the outbox,
     * oldest due first, in one statement; returns what this caller won. Rows another instance is claiming at
     * the same moment are skipped ({@code FOR UPDATE SKIP LOCKED}), not waited for, and the outer condition
     * is checked again on each row, so two instances never both win one dashboard.
     */
    public List<DashboardState> claimDue(String owner, long now, long leaseUntil, int limit) {
        // A dashboard whose last push still waits in the outbox is left to the outbox retry: preparing it
        // again meanwhile would race that retry for the same annotations.
        List<DashboardState> claimed = new ArrayList<>(jdbc.claimReturning("dashboards",
                new Jdbc.Sql("lease_owner = ?, lease_until = ?", owner, leaseUntil),
                new Jdbc.Sql("SELECT d.id FROM dashboards d WHERE d.next_due <= ? "
                        + "AND (d.lease_until IS NULL OR d.lease_until < ?) "
                        + "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dashboard_id = d.id AND o.status = ?) "
                        + "ORDER BY d.next_due, d.id FETCH FIRST " + limit + " ROWS ONLY FOR UPDATE SKIP LOCKED", now, now,
                        OutboxStatus.PENDING),
                new Jdbc.Sql("next_due <= ? AND (lease_until IS NULL OR lease_until < ?)", now, now),
                COLUMNS, this::map));
        // Neither RETURNING nor FINAL TABLE promises an order: keep oldest due first.
        claimed.sort(Comparator.comparingLong(DashboardState::nextDue).thenComparing(DashboardState::id));
        return claimed;
    }

    /** Takes the lease of one dashboard if it is still due and unleased; true when this caller won. */
    public boolean claim(String id, String owner, long now, long leaseUntil) {
        return jdbc.update("UPDATE dashboards SET lease_owner = ?, lease_until = ? WHERE id = ? AND next_due <= ? "
                + "AND (lease_until IS NULL OR lease_until < ?)", owner, leaseUntil, id, now, now) == 1;
    }

    /** A push reached Grafana: the dashboard is next due one refresh interval from now. */
    public void markUpdated(String id, long now) {
        jdbc.update("UPDATE dashboards SET last_update = ?, next_due = CAST(? AS BIGINT) + CAST(refresh_minutes AS BIGINT) * 60000, lease_owner = NULL, "
                + "lease_until = NULL, failures = 0, last_status = ?, last_error = NULL, explain_attempts = 0 WHERE id = ?",
                now, now, DashboardStatus.OK, id);
    }

    /**
     * A push reached Grafana with template explanations because the model was down, slow or its answers were
     * dropped: the dashboard is due again {@code delay} × the attempt number from now (never later than its
     * refresh), so its explanations are asked again off the hot path and the same annotations are updated.
     * At most {@code maxAttempts} such early runs follow one another; after that (false) the dashboard keeps
     * its normal schedule, and its next refresh starts a new series.
     */
    public boolean markUpdatedExplainAgain(String id, long now, long delayMillis, int maxAttempts) {
        boolean early = jdbc.update("UPDATE dashboards SET last_update = ?, next_due = LEAST(CAST(? AS BIGINT) + "
                + "CAST(? AS BIGINT) * (explain_attempts + 1), CAST(? AS BIGINT) + CAST(refresh_minutes AS BIGINT) * 60000), "
                + "lease_owner = NULL, lease_until = NULL, failures = 0, last_status = ?, last_error = NULL, "
                + "explain_attempts = explain_attempts + 1 WHERE id = ? AND explain_attempts < ?",
                now, now, delayMillis, now, DashboardStatus.OK, id, maxAttempts) == 1;
        if (!early) {
            markUpdated(id, now);
        }
        return early;
    }

    /** The update failed: keep {@code last_update}, retry after {@code retryAt}. */
    public void markFailed(String id, DashboardStatus status, String error, long retryAt) {
        jdbc.update("UPDATE dashboards SET next_due = ?, lease_owner = NULL, lease_until = NULL, "
                + "failures = failures + 1, last_status = ?, last_error = ? WHERE id = ?",
                retryAt, status, truncate(error), id);
    }

    /**
     * Clears a lease still held by {@code owner} (no stage updated or failed the dashboard) and makes it
     * due again at {@code retryAt}; does nothing when a stage already settled it.
     */
    public void releaseIfHeld(String id, String owner, long retryAt) {
        jdbc.update("UPDATE dashboards SET lease_owner = NULL, lease_until = NULL, next_due = ? WHERE id = ? "
                + "AND lease_owner = ?", retryAt, id, owner);
    }

    static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    private DashboardState map(ResultSet rs) throws SQLException {
        String json = rs.getString("config");
        // A dashboard is read three times per update (claim, prepare, push) and its config rarely changes: the parsed
        // config is kept by its stored text, so a changed config is parsed anew. Configs are never modified in place.
        DashboardConfig config = parsed.getIfPresent(json);
        if (config == null) {
            try {
                config = mapper.readValue(json, DashboardConfig.class);
            } catch (JsonProcessingException e) {
                throw new SQLException("dashboard " + rs.getString("id") + " has an unreadable stored config", e);
            }
            parsed.put(json, config);
        }
        return new DashboardState(config, Jdbc.nullableLong(rs, "last_update"), rs.getLong("next_due"),
                rs.getString("lease_owner"), Jdbc.nullableLong(rs, "lease_until"), rs.getInt("failures"),
                Coded.fromNullableCode(DashboardStatus.class, rs.getString("last_status")), rs.getString("last_error"));
    }

    private String toJson(DashboardConfig config) {
        try {
            return mapper.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
