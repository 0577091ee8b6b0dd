package io.dashinsights.forecast;

import io.dashinsights.analysis.ForecastReport;
import io.dashinsights.analysis.Forecaster;
import io.dashinsights.analysis.Series;
import io.dashinsights.capacity.WorkPools;
import io.dashinsights.domain.DashboardConfig;
import io.dashinsights.domain.DashboardFindings;
import io.dashinsights.domain.ForecastFinding;
import io.dashinsights.domain.DashboardType;
import io.dashinsights.dashboard.Preparation;
import io.dashinsights.domain.PushRequest.AnnotationPush;
import io.dashinsights.insight.Explainer;
import io.dashinsights.insight.Explanation;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Forecast per metric; one region annotation per metric covers the forecast horizon and is updated each run. */
@ApplicationScoped
public class ForecastPreparation implements Preparation {

    private final Explainer explainer;
    /** The analysis is CPU-bound: it runs on the pool sized to the cores, not on the caller's (virtual) thread. */
    private final WorkPools pools;

    ForecastPreparation(Explainer explainer, WorkPools pools) {
        this.pools = pools;
        this.explainer = explainer;
    }

    @Override
    public DashboardType type() {
        return DashboardType.FORECAST;
    }

    @Override
    public Prepared prepare(DashboardConfig dashboard, List<Series> series, long now) {
        List<ForecastFinding> forecasts = new ArrayList<>();
        List<AnnotationPush> annotations = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Series s : series) {
            ForecastReport r = pools.analyse(() -> Forecaster.forecast(s, dashboard.horizon()));
            Explanation text = explainer.forecast(dashboard.title(), r);
            texts.add(text.summary());
            String scope = dashboard.id() + ":forecast:" + s.name();
            long end = r.timestamps().length == 0 ? now : r.timestamps()[r.timestamps().length - 1];
            annotations.add(new AnnotationPush(scope, scope, now, end, text.text(),
                    List.of("forecast", "metric:" + s.name(), text.tag())));
            List<ForecastFinding.Prediction> predictions = new ArrayList<>();
            for (int i = 0; i < r.mean().length; i++) {
                predictions.add(new ForecastFinding.Prediction(Instant.ofEpochMilli(r.timestamps()[i]), r.mean()[i],
                        r.lower95()[i], r.upper95()[i]));
            }
            forecasts.add(new ForecastFinding(s.name(), r.modelUsed(), r.accuracyMetric(), r.accuracyEstimate(),
                    predictions, text.summary(), text.author()));
        }
        String panelText = String.join("\n", texts);
        return new Prepared(DashboardFindings.builder().explanation(panelText).forecasts(forecasts).build(),
                annotations, panelText);
    }
}
