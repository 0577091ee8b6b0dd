package io.dashinsights.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.Functions;
import io.quarkus.funqy.Funq;

/**
 * {@code trigger-on-schedule}. Triggered by a cloud scheduler (any event body, which it ignores) or the
 * in-process Quarkus Scheduler; emits one {@code prepare-<type>} invocation per claimed dashboard and
 * one {@code push-grafana} per outbox retry.
 */
public class TriggerFunction {

    private final TriggerService service;

    TriggerFunction(TriggerService service) {
        this.service = service;
    }

    @Funq(Functions.TRIGGER)
    public TriggerService.Summary trigger(JsonNode event) {
        return service.runOnce();
    }
}
