package io.dashinsights.anomaly;

import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Functions;
import io.dashinsights.contract.Stage;
import io.dashinsights.contract.StageResult;
import io.dashinsights.dashboard.PrepareService;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code prepare-anomaly}. Triggered by trigger-on-schedule (or by hand) with
 * {@code data: {"dashboardId": …}}; emits a {@code push-grafana} invocation with one region annotation per anomaly.
 */
@ApplicationScoped
public class PrepareAnomalyFunction implements Stage {

    private final PrepareService service;
    private final AnomalyPreparation preparation;

    PrepareAnomalyFunction(PrepareService service, AnomalyPreparation preparation) {
        this.service = service;
        this.preparation = preparation;
    }

    @Override
    public String function() {
        return Functions.PREPARE_ANOMALY;
    }

    @Funq(Functions.PREPARE_ANOMALY)
    @Override
    public StageResult handle(Envelope envelope) {
        return service.prepare(preparation, envelope);
    }
}
