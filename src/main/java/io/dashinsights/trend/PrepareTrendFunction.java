package io.dashinsights.trend;

import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Functions;
import io.dashinsights.contract.Stage;
import io.dashinsights.contract.StageResult;
import io.dashinsights.dashboard.PrepareService;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code prepare-trend}. Triggered by trigger-on-schedule (or by hand) with {@code data: {"dashboardId": …}};
 * emits a {@code push-grafana} invocation with the trend per metric.
 */
@ApplicationScoped
public class PrepareTrendFunction implements Stage {

    private final PrepareService service;
    private final TrendPreparation preparation;

    PrepareTrendFunction(PrepareService service, TrendPreparation preparation) {
        this.service = service;
        this.preparation = preparation;
    }

    @Override
    public String function() {
        return Functions.PREPARE_TREND;
    }

    @Funq(Functions.PREPARE_TREND)
    @Override
    public StageResult handle(Envelope envelope) {
        return service.prepare(preparation, envelope);
    }
}
