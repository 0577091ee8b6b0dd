package io.dashinsights.dashboard;

import io.dashinsights.domain.DashboardState;
import io.dashinsights.domain.DashboardType;

/**
 * What one dashboard type does when it is updated. The trigger and the console's "Run now" find it by type
 * through {@link DashboardHandlers}, so a type's behaviour lives in one class: a prepare-* stage invoked
 * through the invoker (anomaly, trend, forecast: each type's {@link Preparation} holds its analysis and
 * explanation) or work done in place (error_rate's check).
 */
public interface DashboardHandler {

    DashboardType type();

    /**
     * Runs one update of {@code dashboard}. {@code runId} groups the stages of this update; {@code id} is
     * unique to it (a repeated id does nothing twice); {@code source} says who asked. True when it succeeded.
     * The handler's stages settle the schedule (markUpdated/markFailed); a thrown exception leaves that to the caller.
     */
    boolean update(DashboardState dashboard, String runId, String id, String source);
}
