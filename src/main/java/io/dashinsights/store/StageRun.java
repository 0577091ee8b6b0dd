package io.dashinsights.store;

import io.dashinsights.domain.RunStatus;

/** One execution of a function for one envelope id. */
public record StageRun(String id, String function, String dashboardId, String runId, int attempt, RunStatus status,
                       long startedAt, Long finishedAt, String result, String error) {
}
