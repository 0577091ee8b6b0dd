package io.dashinsights.trend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dashinsights.analysis.Series;
import io.dashinsights.analysis.TrendAnalyzer;
import io.dashinsights.analysis.TrendReport;
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

/**
 * Trend per metric. One annotation per metric spans the analysed window and moves with it on every
 * refresh (updated, not duplicated), so a trend dashboard never fills up with annotations.
 */
@ApplicationScoped
public class TrendPreparation implements Preparation {

    private final Explainer explainer;
    private final ObjectMapper mapper;
    /** The analysis is CPU-bound: it runs on the pool sized to the cores, not on the caller's (virtual) thread. */
    private final WorkPools pools;

    TrendPreparation(Explainer explainer, ObjectMapper mapper, WorkPools pools) {
        this.pools = pools;
        this.explainer = explainer;
        this.mapper = mapper;
    }

    @Override
    public DashboardType type() {
        return DashboardType.TREND_ANALYSIS;
    }

    @Override
    public Prepared prepare(DashboardConfig dashboard, List<Series> series, long now) {
        ObjectNode findings = mapper.createObjectNode();
        ArrayNode trends = findings.putArray("trends");
        List<AnnotationPush> annotations = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Series s : series) {
            TrendReport r = pools.analyse(() -> TrendAnalyzer.analyze(s, dashboard.horizon()));
            Explanation text = explainer.trend(dashboard.title(), r, dashboard.timeRange());
            texts.add(text.summary());
            String scope = dashboard.id() + ":trend:" + s.name();
            long start = s.timestamps().length == 0 ? now - dashboard.timeRange().toMillis() : s.timestamps()[0];
            annotations.add(new AnnotationPush(scope, scope, start, now, text.text(),
                    List.of("trend", "direction:" + r.direction().label(), "metric:" + s.name(), text.tag())));
            ObjectNode t = trends.addObject();
            t.put("metric", s.name());
            t.put("trend_direction", r.direction().label());
            t.put("growth_rate", r.growthRatePercent());
            t.put("growth_basis", r.growthBasis());
            t.put("slope_per_hour", r.slopePerHour());
            t.put("mann_kendall_p", r.pValue());
            ArrayNode forecast = t.putArray("forecast");
            for (int i = 0; i < r.projection().length; i++) {
                forecast.addObject().put("time", Instant.ofEpochMilli(r.projectionTimestamps()[i]).toString())
                        .put("value", r.projection()[i]);
            }
            t.put("insights", text.summary());
            t.put("author", text.author());
        }
        String panelText = String.join("\n", texts);
        findings.put("explanation", panelText);
        return new Prepared(findings, annotations, panelText);
    }
}
