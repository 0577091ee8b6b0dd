package io.dashinsights.console;

import io.dashinsights.dashboard.DashboardHandlers;
import io.dashinsights.domain.DashboardState;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * "Run now": one update of a dashboard with a fresh id, through the same handler the scheduler uses (found
 * by the dashboard's type), so it runs exactly like a scheduled update, error_rate dashboards included.
 */
@ApplicationScoped
public class RunNow {

    private static final Logger LOG = Logger.getLogger(RunNow.class);

    private final DashboardHandlers handlers;

    RunNow(DashboardHandlers handlers) {
        this.handlers = handlers;
    }

    /**
     * Runs the update and returns its id. Failures are not thrown: the run records them and the dashboard
     * page shows that record, so the outcome is seen where the operator looks next.
     */
    public String run(DashboardState dashboard) {
        String id = "console-" + UUID.randomUUID();
        try {
            boolean ok = handlers.forType(dashboard.config().type()).update(dashboard, id, id, "/console");
            LOG.infof("console run %s of %s: %s", id, dashboard.id(), ok ? "succeeded" : "failed");
        } catch (RuntimeException e) {
            LOG.warnf(e, "console run %s of %s failed", id, dashboard.id());
        }
        return id;
    }
}
