package io.dashinsights.store;

import io.dashinsights.domain.Coded;
import io.dashinsights.domain.RunStatus;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Stage runs keyed by envelope id: the idempotency record of the invocation contract. */
@ApplicationScoped
public class StageRunRepository {

    private final Jdbc jdbc;

    StageRunRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the start of a run; false when a run with this id already exists. */
    public boolean begin(String id, String function, String dashboardId, String runId, int attempt, long now) {
        return jdbc.insertIfAbsent("INSERT INTO stage_runs (id, function, dashboard_id, run_id, attempt, status, "
                + "started_at) VALUES (?, ?, ?, ?, ?, ?, ?)", id, function, dashboardId, runId, attempt, RunStatus.RUNNING.code(), now);
    }

    /** Restarts a failed (or stale running) run; false when another caller restarted or finished it first. */
    public boolean restart(String id, RunStatus expectedStatus, long expectedStartedAt, int attempt, long now) {
        return jdbc.update("UPDATE stage_runs SET status = ?, attempt = ?, started_at = ?, finished_at = NULL, "
                + "error = NULL WHERE id = ? AND status = ? AND started_at = ?", RunStatus.RUNNING.code(), attempt, now,
                id, expectedStatus.code(), expectedStartedAt) == 1;
    }

    public void succeed(String id, String result, long now) {
        jdbc.update("UPDATE stage_runs SET status = ?, finished_at = ?, result = ? WHERE id = ?",
                RunStatus.SUCCEEDED.code(), now, result, id);
    }

    public void fail(String id, String result, String error, long now) {
        jdbc.update("UPDATE stage_runs SET status = ?, finished_at = ?, result = ?, error = ? WHERE id = ?",
                RunStatus.FAILED.code(), now, result, DashboardRepository.truncate(error), id);
    }

    public Optional<StageRun> find(String id) {
        return jdbc.queryOne("SELECT * FROM stage_runs WHERE id = ?", StageRunRepository::map, id);
    }

    public List<StageRun> recent(String dashboardId, int limit) {
        return jdbc.query("SELECT * FROM stage_runs WHERE dashboard_id = ? ORDER BY started_at DESC FETCH FIRST "
                + limit + " ROWS ONLY", StageRunRepository::map, dashboardId);
    }

    /**
     * The newest prepare-* run of the dashboard that stored findings. Push-failed runs keep their findings
     * too, so this is what was last analysed whether or not it reached Grafana.
     */
    public Optional<StageRun> latestAnalysis(String dashboardId) {
        return jdbc.queryOne("SELECT * FROM stage_runs WHERE dashboard_id = ? AND function LIKE 'prepare-%' "
                + "AND result IS NOT NULL ORDER BY started_at DESC FETCH FIRST 1 ROWS ONLY", StageRunRepository::map,
                dashboardId);
    }

    private static StageRun map(ResultSet rs) throws SQLException {
        return new StageRun(rs.getString("id"), rs.getString("function"), rs.getString("dashboard_id"),
                rs.getString("run_id"), rs.getInt("attempt"), Coded.fromCode(RunStatus.class, rs.getString("status")), rs.getLong("started_at"),
                Jdbc.nullableLong(rs, "finished_at"), rs.getString("result"), rs.getString("error"));
    }
}
