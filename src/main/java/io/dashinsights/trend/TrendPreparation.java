package io.dashinsights.trend;

import io.dashinsights.analysis.Series;
import io.dashinsights.analysis.TrendAnalyzer;
import io.dashinsights.analysis.TrendReport;
import io.dashinsights.capacity.WorkPools;
import io.dashinsights.domain.DashboardConfig;
import io.dashinsights.domain.DashboardFindings;
import io.dashinsights.domain.TrendFinding;
import io.dashinsights.domain.Point;
import io.dashinsights.domain.DashboardType;
import io.dashinsights.dashboard.Preparation;
import io.dashinsights.domain.PushRequest.AnnotationPush;
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
    /** The analysis is CPU-bound: it runs on the pool sized to the cores, not on the caller's (virtual) thread. */
    private final WorkPools pools;

    TrendPreparation(Explainer explainer, WorkPools pools) {
        this.pools = pools;
        this.explainer = explainer;
    }

    @Override
    public DashboardType type() {
        return DashboardType.TREND_ANALYSIS;
    }

    @Override
    public Prepared prepare(DashboardConfig dashboard, List<Series> series, long now) {
        List<TrendFinding> trends = new ArrayList<>();
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
            List<Point> projection = new ArrayList<>();
            for (int i = 0; i < r.projection().length; i++) {
                projection.add(new Point(r.projectionTimestamps()[i], r.projection()[i]));
            }
            trends.add(new TrendFinding(s.name(), Instant.ofEpochMilli(start), Instant.ofEpochMilli(now), r.direction(),
                    r.growthRatePercent(), r.growthBasis(), r.slopePerHour(), r.pValue(), projection, text.summary(),
                    text.author()));
        }
        String panelText = String.join("\n", texts);
        return new Prepared(DashboardFindings.builder().explanation(panelText).trends(trends).build(), annotations,
                panelText);
    }
}
