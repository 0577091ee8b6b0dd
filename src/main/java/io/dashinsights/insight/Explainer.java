package io.dashinsights.insight;

import io.dashinsights.analysis.AnomalyRegion;
import io.dashinsights.analysis.ForecastReport;
import io.dashinsights.analysis.Severity;
import io.dashinsights.analysis.TrendReport;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;

/** Writes the words around our numbers. The template writer until a model is configured. */
@ApplicationScoped
public class Explainer {

    private final TemplateWriter template;

    Explainer(TemplateWriter template) {
        this.template = template;
    }

    public Explanation anomaly(String dashboardTitle, String metric, AnomalyRegion region) {
        return template.anomaly(metric, region);
    }

    public Explanation anomalyOverview(String dashboardTitle, String metric, List<AnomalyRegion> regions,
                                       Severity severity) {
        return template.anomalyOverview(metric, regions, severity);
    }

    public Explanation trend(String dashboardTitle, TrendReport report, Duration window) {
        return template.trend(report, window);
    }

    public Explanation forecast(String dashboardTitle, ForecastReport report) {
        return template.forecast(report);
    }

    public Explanation errorSpike(ErrorSpikeFacts facts) {
        return template.errorSpike(facts);
    }
}
