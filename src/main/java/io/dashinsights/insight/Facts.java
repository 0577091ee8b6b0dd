package io.dashinsights.insight;

import io.dashinsights.analysis.AnomalyIncidents;
import io.dashinsights.analysis.AnomalyRegion;
import io.dashinsights.analysis.AnomalySpan;
import io.dashinsights.domain.Unit;
import io.dashinsights.analysis.Direction;
import io.dashinsights.analysis.ForecastReport;
import io.dashinsights.analysis.Severity;
import io.dashinsights.analysis.TrendReport;

import io.dashinsights.domain.Investigation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The prompt inputs: computed facts as short text fields, the same size whatever the series length (long
 * arrays are summarised to a few points). Numbers are formatted as we publish them; untrusted text is
 * quoted. Each factory also returns the {@link Grounding} for the answer.
 */
public final class Facts {

    /** Most points of any series or list a prompt carries. */
    static final int MAX_POINTS = 12;
    static final int MAX_ITEMS = 5;

    private Facts() {
    }

    /** Facts for one prompt and the check its answer must pass. */
    public record Prompt<T>(T facts, Grounding grounding) {
    }

    public record Anomaly(String dashboard, String metric, String start, String end, String peakTime,
                          String peakValue, String expected, String deviation, String score, String severity) {
    }

    public record AnomalyOverview(String dashboard, String metric, String count, String severity,
                                  List<String> regions) {
    }

    /** Every incident of one dashboard run, for one model call. */
    public record Incidents(String dashboard, List<Incident> incidents) {
    }

    /** One incident: its span and one line per metric that moved. */
    public record Incident(String number, String state, String from, String to, String minutes, String severity,
                           List<String> metrics, List<String> causes) {
    }

    /** The run's prompt and, per incident (same order), the check its answer must pass. */
    public record IncidentsPrompt(Incidents facts, List<Grounding> groundings) {
    }

    public record Trend(String dashboard, String metric, String direction, String window, String slopePerHour,
                        String growth, String growthBasis, String pValue, String points, String projection) {
    }

    public record Forecast(String dashboard, String metric, String model, String horizonPoints,
                           List<String> milestones, String accuracyMetric, String accuracy) {
    }

    public record ErrorSpike(String alertName, String labels, String annotations, String errorRate,
                             String threshold, String rateSource, String startsAt, List<String> errorRateAround,
                             List<String> likelyCauses) {
    }

    public static Prompt<Anomaly> anomaly(String dashboard, String metric, AnomalyRegion r, int maxQuoted) {
        FactSheet s = new FactSheet(maxQuoted);
        String deviation = r.expected() == 0 ? "n/a"
                : s.percent((r.peakValue() - r.expected()) / Math.abs(r.expected()));
        Anomaly facts = new Anomaly(s.quote(dashboard), s.quote(metric), s.time(r.startMs()), s.time(r.endMs()),
                s.time(r.peakMs()), s.num(r.peakValue()), s.num(r.expected()), deviation, s.num(r.score()),
                r.severity().label());
        return new Prompt<>(facts, s.grounding(r.severity(), null));
    }

    public static Prompt<AnomalyOverview> anomalyOverview(String dashboard, String metric, List<AnomalyRegion> regions,
                                                          Severity severity, int maxQuoted) {
        FactSheet s = new FactSheet(maxQuoted);
        List<String> lines = regions.stream().sorted(Comparator.comparingDouble(AnomalyRegion::score).reversed())
                .limit(MAX_ITEMS)
                .map(r -> s.time(r.startMs()) + " to " + s.time(r.endMs()) + ": peak " + s.num(r.peakValue())
                        + ", expected " + s.num(r.expected()) + ", severity " + r.severity().label())
                .toList();
        AnomalyOverview facts = new AnomalyOverview(s.quote(dashboard), s.quote(metric), s.count(regions.size()),
                severity.label(), lines);
        return new Prompt<>(facts, s.grounding(severity, null));
    }

    /**
     * Facts for all incidents of a run. Each incident has its own fact sheet, so an answer about one incident
     * cannot borrow another's numbers. Values are given as we publish them (ratios as percentages).
     */
    public static IncidentsPrompt anomalyIncidents(String dashboard, List<AnomalyIncidents.Group> groups,
                                                   Map<String, Unit> units, int maxQuoted) {
        return anomalyIncidents(dashboard, groups, units, List.of(), maxQuoted);
    }

    /** As above, with what the investigation of each incident found (same order; missing ones have none). */
    public static IncidentsPrompt anomalyIncidents(String dashboard, List<AnomalyIncidents.Group> groups,
                                                   Map<String, Unit> units, List<Investigation> investigations,
                                                   int maxQuoted) {
        List<Incident> incidents = new ArrayList<>();
        List<Grounding> groundings = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            AnomalyIncidents.Group g = groups.get(i);
            FactSheet s = new FactSheet(maxQuoted);
            List<String> metrics = new ArrayList<>();
            for (AnomalyIncidents.MetricSpan m : g.metrics()) {
                AnomalySpan span = m.span();
                Unit unit = units.getOrDefault(m.metric(), Unit.PLAIN);
                String deviation = Double.isFinite(span.relativeDeviation())
                        ? ", " + s.percent(span.relativeDeviation()) + " vs expected" : "";
                metrics.add(s.quote(m.metric()) + (span.peakValue() >= span.expected() ? " rose to " : " fell to ")
                        + value(s, span.peakValue(), unit) + " at " + s.time(span.peakMs()) + ", expected "
                        + value(s, span.expected(), unit) + deviation + "; outside its normal range from "
                        + s.time(span.startMs()) + (span.open() ? ", still outside" : " to " + s.time(span.endMs())));
            }
            incidents.add(new Incident(s.count(i + 1), g.open() ? "still going" : "over", s.time(g.startMs()),
                    s.time(g.endMs()), s.count(Duration.ofMillis(g.endMs() - g.startMs()).toMinutes()),
                    g.severity().label(), metrics,
                    CauseLines.lines(i < investigations.size() ? investigations.get(i) : null, s)));
            s.quote(dashboard);
            groundings.add(s.grounding(g.severity(), null));
        }
        return new IncidentsPrompt(new Incidents(Untrusted.quote(dashboard, maxQuoted), incidents), groundings);
    }

    private static String value(FactSheet s, double v, Unit unit) {
        return unit == Unit.RATIO ? s.percent(v) : s.num(v);
    }

    public static Prompt<Trend> trend(String dashboard, TrendReport r, Duration window, int maxQuoted) {
        FactSheet s = new FactSheet(maxQuoted);
        // Readers and models say "24 hours" as often as "1d".
        s.num(window.toHours());
        s.num(window.toDays());
        int last = r.projection().length - 1;
        String projection = last < 0 ? "none"
                : s.num(r.projection()[last]) + " at " + s.time(r.projectionTimestamps()[last]);
        Trend facts = new Trend(s.quote(dashboard), s.quote(r.metric()), r.direction().label(),
                TemplateWriter.human(window), s.num(r.slopePerHour()), s.percent(r.growthRatePercent() / 100),
                Untrusted.quote(r.growthBasis(), 200), s.num(r.pValue()), s.count(r.points()), projection);
        return new Prompt<>(facts, s.grounding(null, r.direction()));
    }

    public static Prompt<Forecast> forecast(String dashboard, ForecastReport r, int maxQuoted) {
        FactSheet s = new FactSheet(maxQuoted);
        List<String> milestones = new ArrayList<>();
        for (int i : spread(r.mean().length, MAX_ITEMS)) {
            milestones.add(s.time(r.timestamps()[i]) + ": " + s.num(r.mean()[i]) + " (95% interval "
                    + s.num(r.lower95()[i]) + " to " + s.num(r.upper95()[i]) + ")");
        }
        s.num(95);
        Forecast facts = new Forecast(s.quote(dashboard), s.quote(r.metric()), Untrusted.quote(r.modelUsed(), 80),
                s.count(r.mean().length), milestones, Untrusted.quote(r.accuracyMetric(), 40),
                s.num(r.accuracyEstimate()));
        return new Prompt<>(facts, s.grounding(null, null));
    }

    public static Prompt<ErrorSpike> errorSpike(ErrorSpikeFacts f, int maxQuoted) {
        FactSheet s = new FactSheet(maxQuoted);
        List<String> around = new ArrayList<>();
        // Bucket maxima keep the spike visible however many samples there were.
        List<double[]> samples = f.seriesAround() == null ? List.of() : f.seriesAround();
        int buckets = Math.min(MAX_POINTS, samples.size());
        for (int b = 0; b < buckets; b++) {
            int from = b * samples.size() / buckets;
            int to = (b + 1) * samples.size() / buckets;
            double[] max = samples.get(from);
            for (int i = from + 1; i < to; i++) {
                if (samples.get(i)[1] > max[1] || Double.isNaN(max[1])) {
                    max = samples.get(i);
                }
            }
            around.add(s.time((long) max[0]) + ": " + s.percent(max[1]));
        }
        List<String> causes = CauseLines.lines(f.investigation(), s);
        ErrorSpike facts = new ErrorSpike(s.quote(f.alertName()), s.quoteMap(f.labels()), s.quoteMap(f.annotations()),
                s.percent(f.errorRate()), s.percent(f.threshold()), Untrusted.quote(f.rateSource(), 20),
                s.time(f.startsAt()), around, causes);
        return new Prompt<>(facts, s.grounding(f.errorRate() * 100));
    }

    /** Up to {@code k} indices spread evenly over {@code n}, always including the last. */
    static int[] spread(int n, int k) {
        if (n <= 0) {
            return new int[0];
        }
        int m = Math.min(n, k);
        int[] idx = new int[m];
        for (int j = 0; j < m; j++) {
            idx[j] = m == 1 ? n - 1 : (int) Math.round((double) j * (n - 1) / (m - 1));
        }
        return idx;
    }
}
