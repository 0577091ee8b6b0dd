package io.dashinsights.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.StageResult;
import io.dashinsights.contract.Invoker;
import io.dashinsights.domain.DashboardState;
import io.dashinsights.domain.DashboardType;

/** A type whose update is its prepare-* function, handed to the invoker (in-process, Knative, SQS, HTTP). */
final class StageHandler implements DashboardHandler {

    private final DashboardType type;
    private final Invoker invoker;
    private final ObjectMapper mapper;

    StageHandler(DashboardType type, Invoker invoker, ObjectMapper mapper) {
        this.type = type;
        this.invoker = invoker;
        this.mapper = mapper;
    }

    @Override
    public DashboardType type() {
        return type;
    }

    @Override
    public boolean update(DashboardState dashboard, String runId, String id, String source) {
        Envelope envelope = Envelope.create(type.function(), id, source, dashboard.id(), runId,
                mapper.createObjectNode().put("dashboardId", dashboard.id()));
        StageResult result = invoker.invoke(type.function(), envelope);
        // Sent (broker, queue): the platform runs the stage later, which settles the schedule then.
        return result.succeeded() || result.sent();
    }
}
