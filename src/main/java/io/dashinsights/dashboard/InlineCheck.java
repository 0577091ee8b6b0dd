package io.dashinsights.dashboard;

import io.dashinsights.domain.DashboardType;
import io.dashinsights.domain.DashboardState;

/**
 * A dashboard type that trigger-on-schedule handles itself instead of invoking a prepare-* function
 * ({@link DashboardType#ERROR_RATE}); it settles the dashboard's schedule (markUpdated/markFailed).
 */
public interface InlineCheck {

    DashboardType type();

    /** Runs the check for a claimed dashboard; true when it succeeded. */
    boolean check(DashboardState dashboard, String runId);
}
