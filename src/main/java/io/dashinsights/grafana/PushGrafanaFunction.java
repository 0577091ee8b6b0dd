package io.dashinsights.grafana;

import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Functions;
import io.dashinsights.contract.Stage;
import io.dashinsights.contract.StageResult;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code push-grafana}. Triggered by a prepare-* function (or the trigger's outbox retry) with a
 * {@code dashboard-insights.push-grafana} envelope; emits nothing.
 */
@ApplicationScoped
public class PushGrafanaFunction implements Stage {

    private final PushService service;

    PushGrafanaFunction(PushService service) {
        this.service = service;
    }

    @Override
    public String function() {
        return Functions.PUSH_GRAFANA;
    }

    @Funq(Functions.PUSH_GRAFANA)
    @Override
    public StageResult handle(Envelope envelope) {
        return service.push(envelope);
    }
}
