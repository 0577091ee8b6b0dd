package io.dashinsights.anomaly;

import io.dashinsights.analysis.AnomalyDetector;
import io.dashinsights.analysis.AnomalyExtent;
import io.dashinsights.analysis.AnomalyIncidents;
import io.dashinsights.analysis.AnomalySpan;
import io.dashinsights.analysis.Series;
import io.dashinsights.analysis.Severity;
import io.dashinsights.capacity.WorkPools;
import io.dashinsights.domain.DashboardConfig;
import io.dashinsights.domain.DashboardFindings;
import io.dashinsights.domain.AnomalyIncident;
import io.dashinsights.domain.DashboardType;
import io.dashinsights.domain.Unit;
import io.dashinsights.dashboard.Preparation;
import io.dashinsights.domain.PushRequest.AnnotationPush;
import io.dashinsights.insight.Explainer;
import io.dashinsights.insight.Explanation;
import io.dashinsights.insight.TemplateWriter;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.domain.Investigation;
import io.dashinsights.investigation.InvestigationRequest;
import io.dashinsights.investigation.Investigator;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Anomaly detection per metric, then incidents per dashboard: metrics that left their normal range at overlapping
 * times are one incident with one region annotation naming each of them, its true peak and what was expected.
 * All incidents of a run are explained in one model call.
 */
@ApplicationScoped
public class AnomalyPreparation implements Preparation {

    static final Duration WARM_UP = Duration.ofDays(3);

    private final Explainer explainer;
    private final TemplateWriter template;
    private final Investigator investigator;
    private final List<String> ownTags;
    /** The analysis is CPU-bound: it runs on the pool sized to the cores, not on the caller's (virtual) thread. */
    private final WorkPools pools;

    AnomalyPreparation(Explainer explainer, TemplateWriter template, Investigator investigator, InsightsConfig config,
                       WorkPools pools) {
        this.pools = pools;
        this.explainer = explainer;
        this.template = template;
        this.investigator = investigator;
        this.ownTags = config.grafana().tags();
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
        long windowStart = now - dashboard.timeRange().toMillis();
        List<AnomalyIncidents.MetricSpan> spans = new ArrayList<>();
        Map<String, Unit> units = new LinkedHashMap<>();
        for (Series s : series) {
            units.put(s.name(), Unit.infer(s.name(), dashboard.queryFor(s.name()), s.values()));
            // The detector says when an incident starts; AnomalyExtent how long it lasted and how high it went.
            for (AnomalySpan span : pools.analyse(() -> AnomalyExtent.measure(s, AnomalyDetector.analyze(s)))) {
                if (span.endMs() >= windowStart) {
                    spans.add(new AnomalyIncidents.MetricSpan(s.name(), span));
                }
            }
        }
        List<AnomalyIncidents.Group> incidents = AnomalyIncidents.group(spans);
        List<Investigation> investigations = investigator.investigateAll(incidents.stream()
                .map(g -> request(dashboard, g)).toList());
        List<Explanation> explanations = explainer.anomalyIncidents(dashboard.title(), incidents, units, investigations);
        List<AnomalyIncident> anomalies = new ArrayList<>();
        List<AnnotationPush> annotations = new ArrayList<>();
        LinkedHashSet<String> recommendations = new LinkedHashSet<>();
        List<String> summaries = new ArrayList<>();
        Severity overall = Severity.LOW;
        // One scope per dashboard: an incident found again (edges moved, still open, more metrics) overlaps its
        // earlier span there and PATCHes the same annotation instead of adding one.
        String scope = dashboard.id() + ":incident";
        for (int i = 0; i < incidents.size(); i++) {
            AnomalyIncidents.Group g = incidents.get(i);
            Explanation text = explanations.get(i);
            List<String> facts = template.incidentFacts(g, units);
            anomalies.add(incident(g, units, text, investigations.get(i)));
            recommendations.addAll(text.recommendedActions());
            summaries.add(facts.get(0));
            overall = g.severity().compareTo(overall) > 0 ? g.severity() : overall;
            // Low-severity incidents stay in the findings but are not annotated: a panel covered in marginal
            // markers is spam, and people stop reading it.
            if (g.severity() != Severity.LOW) {
                List<String> tags = new ArrayList<>(List.of("anomaly", "severity:" + g.severity().label()));
                g.metrics().forEach(m -> tags.add("metric:" + m.metric()));
                if (g.open()) {
                    tags.add("open");
                }
                tags.add(text.tag());
                annotations.add(new AnnotationPush(scope + ":" + g.startMs(), scope, g.startMs(), g.endMs(),
                        String.join("\n", facts) + "\n" + text.text(), tags));
            }
        }
        String panelText = summaries.isEmpty() ? "No incidents on " + String.join(", ", units.keySet())
                + " in the analysed window." : String.join("\n", summaries);
        DashboardFindings findings = DashboardFindings.builder().explanation(panelText)
                .severity(anomalies.isEmpty() ? null : overall).recommendations(List.copyOf(recommendations))
                .anomalies(anomalies).build();
        return new Prepared(findings, annotations, panelText);
    }

    /**
     * What to investigate for one incident: its leading metric's query over the incident, the dashboard's other
     * queries (not the ones already in the incident) as co-moving candidates, and its dashboard's change annotations.
     */
    private InvestigationRequest request(DashboardConfig dashboard, AnomalyIncidents.Group g) {
        AnomalyIncidents.MetricSpan lead = g.lead();
        Map<String, String> others = new LinkedHashMap<>();
        List<String> moved = g.metrics().stream().map(AnomalyIncidents.MetricSpan::metric).toList();
        for (String metric : dashboard.metrics()) {
            if (!moved.contains(metric)) {
                others.put(metric, dashboard.queryFor(metric));
            }
        }
        String uid = dashboard.grafana() == null ? null : dashboard.grafana().dashboardUid();
        return new InvestigationRequest(uid, lead.metric(), dashboard.queryFor(lead.metric()),
                lead.span().peakValue() >= lead.span().expected(), Instant.ofEpochMilli(g.startMs()),
                Instant.ofEpochMilli(g.endMs()), others, Map.of(), ownTags);
    }

    private static AnomalyIncident incident(AnomalyIncidents.Group g, Map<String, Unit> units, Explanation text,
                                            Investigation investigation) {
        List<AnomalyIncident.MetricDeviation> moved = g.metrics().stream().map(m -> {
            AnomalySpan s = m.span();
            return new AnomalyIncident.MetricDeviation(m.metric(), units.getOrDefault(m.metric(), Unit.PLAIN),
                    Instant.ofEpochMilli(s.startMs()), Instant.ofEpochMilli(s.endMs()), Instant.ofEpochMilli(s.peakMs()),
                    s.peakValue(), s.expected(), s.score(), s.severity(), s.open());
        }).toList();
        AnomalyIncident.MetricDeviation lead = moved.get(0);
        return new AnomalyIncident(lead.metric(), Instant.ofEpochMilli(g.startMs()), Instant.ofEpochMilli(g.endMs()),
                lead.peakTime(), lead.peakValue(), lead.expected(), lead.score(), g.severity(), text.summary(),
                text.author(), g.open(), moved, investigation);
    }
}
