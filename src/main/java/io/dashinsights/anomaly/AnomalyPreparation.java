package io.dashinsights.anomaly;

import io.dashinsights.analysis.AnomalyDetector;
import io.dashinsights.analysis.AnomalyRegion;
import io.dashinsights.analysis.AnomalyReport;
import io.dashinsights.analysis.Series;
import io.dashinsights.analysis.Severity;
import io.dashinsights.domain.DashboardConfig;
import io.dashinsights.domain.DashboardFindings;
import io.dashinsights.domain.AnomalyIncident;
import io.dashinsights.domain.DashboardType;
import io.dashinsights.dashboard.Preparation;
import io.dashinsights.domain.PushRequest.AnnotationPush;
import io.dashinsights.insight.Explainer;
import io.dashinsights.insight.Explanation;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Anomaly detection per metric; each anomalous region becomes one region annotation. */
@ApplicationScoped
public class AnomalyPreparation implements Preparation {

    static final Duration WARM_UP = Duration.ofDays(3);

    private final Explainer explainer;

    AnomalyPreparation(Explainer explainer) {
        this.explainer = explainer;
    }

    @Override
    public DashboardType type() {
        return DashboardType.ANOMALY_DETECTION;
    }

    /**
     * The detector learns each series' daily profile from the three days before a point, so it is given
     * those days too; only regions inside the dashboard's own window are reported. Without this, a 24 h
     * window would be all warm-up and its noise would be flagged.
     */
    @Override
    public Duration history(DashboardConfig dashboard) {
        return dashboard.timeRange().plus(WARM_UP);
    }

    @Override
    public Prepared prepare(DashboardConfig dashboard, List<Series> series, long now) {
        List<AnomalyIncident> anomalies = new ArrayList<>();
        List<AnnotationPush> annotations = new ArrayList<>();
        LinkedHashSet<String> recommendations = new LinkedHashSet<>();
        List<String> summaries = new ArrayList<>();
        Severity overall = Severity.LOW;
        for (Series s : series) {
            AnomalyReport report = AnomalyDetector.analyze(s);
            long windowStart = now - dashboard.timeRange().toMillis();
            List<AnomalyRegion> inWindow = report.regions().stream().filter(r -> r.endMs() >= windowStart).toList();
            for (AnomalyRegion region : inWindow) {
                Explanation text = explainer.anomaly(dashboard.title(), s.name(), region);
                recommendations.addAll(text.recommendedActions());
                String scope = dashboard.id() + ":anomaly:" + s.name();
                // Low-severity regions stay in the findings but are not annotated: a panel covered in
                // marginal markers is spam, and people stop reading it.
                if (region.severity() != Severity.LOW) {
                    annotations.add(new AnnotationPush(scope + ":" + region.startMs(), scope, region.startMs(),
                            region.endMs(), text.text(), List.of("anomaly", "severity:" + region.severity().label(),
                            "metric:" + s.name(), text.tag())));
                }
                anomalies.add(new AnomalyIncident(s.name(), Instant.ofEpochMilli(region.startMs()),
                        Instant.ofEpochMilli(region.endMs()), Instant.ofEpochMilli(region.peakMs()), region.peakValue(),
                        region.expected(), region.score(), region.severity(), text.summary(), text.author()));
            }
            Severity severity = inWindow.stream().map(AnomalyRegion::severity).max(Severity::compareTo)
                    .orElse(Severity.LOW);
            if (!inWindow.isEmpty() && severity.compareTo(overall) > 0) {
                overall = severity;
            }
            Explanation overview = explainer.anomalyOverview(dashboard.title(), s.name(), inWindow, severity);
            summaries.add(overview.summary());
        }
        String panelText = String.join("\n", summaries);
        DashboardFindings findings = DashboardFindings.builder().explanation(panelText)
                .severity(anomalies.isEmpty() ? null : overall).recommendations(List.copyOf(recommendations))
                .anomalies(anomalies).build();
        return new Prepared(findings, annotations, panelText);
    }
}
