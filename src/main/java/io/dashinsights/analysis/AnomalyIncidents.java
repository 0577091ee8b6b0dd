package io.dashinsights.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One incident, one annotation: spans on different metrics of a dashboard that overlap in time (or touch) are the
 * same incident, because readers see one event on one panel, not one per query. Pure and order-independent.
 */
public final class AnomalyIncidents {

    private AnomalyIncidents() {
    }

    /** A span and the metric it was measured on. */
    public record MetricSpan(String metric, AnomalySpan span) {
    }

    /**
     * Metrics that moved together, one entry per metric, the most severe first.
     *
     * @param open some metric is still outside its band at the window's end
     */
    public record Group(long startMs, long endMs, boolean open, Severity severity, List<MetricSpan> metrics) {

        /** The metric that leads the incident: highest severity, then highest score. */
        public MetricSpan lead() {
            return metrics.get(0);
        }
    }

    public static List<Group> group(List<MetricSpan> spans) {
        List<MetricSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong((MetricSpan m) -> m.span().startMs()));
        List<Group> groups = new ArrayList<>();
        List<MetricSpan> current = new ArrayList<>();
        long end = Long.MIN_VALUE;
        for (MetricSpan m : sorted) {
            if (!current.isEmpty() && m.span().startMs() > end) {
                groups.add(close(current));
                current = new ArrayList<>();
            }
            current.add(m);
            end = current.size() == 1 ? m.span().endMs() : Math.max(end, m.span().endMs());
        }
        if (!current.isEmpty()) {
            groups.add(close(current));
        }
        return List.copyOf(groups);
    }

    private static Group close(List<MetricSpan> members) {
        // Two spans of one metric inside one incident (a dip between two surges) are that metric's one entry.
        Map<String, MetricSpan> byMetric = new LinkedHashMap<>();
        for (MetricSpan m : members) {
            byMetric.merge(m.metric(), m, AnomalyIncidents::merge);
        }
        List<MetricSpan> metrics = new ArrayList<>(byMetric.values());
        metrics.sort(Comparator.comparing((MetricSpan m) -> m.span().severity()).reversed()
                .thenComparing(Comparator.comparingDouble((MetricSpan m) -> m.span().score()).reversed()));
        long start = metrics.stream().mapToLong(m -> m.span().startMs()).min().orElseThrow();
        long end = metrics.stream().mapToLong(m -> m.span().endMs()).max().orElseThrow();
        boolean open = metrics.stream().anyMatch(m -> m.span().open());
        return new Group(start, end, open, metrics.get(0).span().severity(), List.copyOf(metrics));
    }

    private static MetricSpan merge(MetricSpan a, MetricSpan b) {
        AnomalySpan x = a.span();
        AnomalySpan y = b.span();
        AnomalySpan peak = Math.abs(x.peakValue() - x.expected()) >= Math.abs(y.peakValue() - y.expected()) ? x : y;
        double score = Math.max(x.score(), y.score());
        Severity severity = x.severity().compareTo(y.severity()) >= 0 ? x.severity() : y.severity();
        return new MetricSpan(a.metric(), new AnomalySpan(Math.min(x.startMs(), y.startMs()),
                Math.max(x.endMs(), y.endMs()), peak.peakMs(), peak.peakValue(), peak.expected(), score, severity,
                x.open() || y.open()));
    }
}
