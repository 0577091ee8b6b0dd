package io.dashinsights.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dashinsights.analysis.ForecastReport;
import io.dashinsights.analysis.Forecaster;
import io.dashinsights.analysis.Series;
import io.dashinsights.capacity.WorkPools;
import io.dashinsights.dashboard.DashboardConfig;
import io.dashinsights.dashboard.DashboardType;
import io.dashinsights.dashboard.Preparation;
import io.dashinsights.grafana.PushRequest.AnnotationPush;
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
    private final ObjectMapper mapper;
    /** The analysis is CPU-bound: it runs on the pool sized to the cores, not on the caller's (virtual) thread. */
    private final WorkPools pools;

    ForecastPreparation(Explainer explainer, ObjectMapper mapper, WorkPools pools) {
        this.pools = pools;
        this.explainer = explainer;
        this.mapper = mapper;
    }

    @Override
    public DashboardType type() {
        return DashboardType.FORECAST;
    }

    @Override
    public Prepared prepare(DashboardConfig dashboard, List<Series> series, long now) {
        ObjectNode findings = mapper.createObjectNode();
        ArrayNode forecasts = findings.putArray("forecasts");
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
            ObjectNode f = forecasts.addObject();
            f.put("metric", s.name());
            f.put("model_used", r.modelUsed());
            f.put("accuracy_metric", r.accuracyMetric());
            f.put("accuracy_estimate", r.accuracyEstimate());
            ArrayNode predictions = f.putArray("predictions");
            for (int i = 0; i < r.mean().length; i++) {
                predictions.addObject().put("time", Instant.ofEpochMilli(r.timestamps()[i]).toString())
                        .put("value", r.mean()[i]).put("lower95", r.lower95()[i]).put("upper95", r.upper95()[i]);
            }
            f.put("narrative", text.summary());
            f.put("author", text.author());
        }
        String panelText = String.join("\n", texts);
        findings.put("explanation", panelText);
        return new Prepared(findings, annotations, panelText);
    }
}
