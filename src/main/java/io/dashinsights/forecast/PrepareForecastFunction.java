package io.dashinsights.forecast;

import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Functions;
import io.dashinsights.contract.Stage;
import io.dashinsights.contract.StageResult;
import io.dashinsights.dashboard.PrepareService;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code prepare-forecast}. Triggered by trigger-on-schedule (or by hand) with {@code data: {"dashboardId": …}};
 * emits a {@code push-grafana} invocation with the forecast and its 95 % interval per metric.
 */
@ApplicationScoped
public class PrepareForecastFunction implements Stage {

    private final PrepareService service;
    private final ForecastPreparation preparation;

    PrepareForecastFunction(PrepareService service, ForecastPreparation preparation) {
        this.service = service;
        this.preparation = preparation;
    }

    @Override
    public String function() {
        return Functions.PREPARE_FORECAST;
    }

    @Funq(Functions.PREPARE_FORECAST)
    @Override
    public StageResult handle(Envelope envelope) {
        return service.prepare(preparation, envelope);
    }
}
