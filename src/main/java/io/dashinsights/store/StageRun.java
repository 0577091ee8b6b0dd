package io.dashinsights.store;

/** One execution of a function for one envelope id. Status: running, succeeded, failed. */
public record StageRun(String id, String function, String dashboardId, String runId, int attempt, String status,
                       long startedAt, Long finishedAt, String result, String error) {
}
