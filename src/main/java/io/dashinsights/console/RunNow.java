package io.dashinsights.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Invoker;
import io.dashinsights.domain.DashboardState;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * "Run now": one dashboard's prepare-* stage with a fresh envelope id, through the same invoker the
 * scheduler uses, so it runs exactly like a scheduled update (analysis, push, update log, schedule).
 */
@ApplicationScoped
public class RunNow {

    private static final Logger LOG = Logger.getLogger(RunNow.class);

    private final Invoker invoker;
    private final ObjectMapper mapper;

    RunNow(Invoker invoker, ObjectMapper mapper) {
        this.invoker = invoker;
        this.mapper = mapper;
    }

    /**
     * Runs the stage and returns its envelope id. Failures are not thrown: the stage run records them and
     * the dashboard page shows that record, so the outcome is seen where the operator looks next.
     */
    public String run(DashboardState dashboard) {
        String id = "console-" + UUID.randomUUID();
        String function = dashboard.config().type().function();
        Envelope envelope = Envelope.create(function, id, "/console", dashboard.id(), id,
                mapper.createObjectNode().put("dashboardId", dashboard.id()));
        try {
            var result = invoker.invoke(function, envelope);
            LOG.infof("console run %s of %s: %s %s", id, dashboard.id(), result.status(), result.message());
        } catch (RuntimeException e) {
            LOG.warnf(e, "console run %s of %s failed", id, dashboard.id());
        }
        return id;
    }
}
