package io.dashinsights.insight;

import io.dashinsights.analysis.AnomalyIncidents;
import io.dashinsights.analysis.AnomalyRegion;
import io.dashinsights.analysis.AnomalySpan;
import io.dashinsights.domain.Unit;
import io.dashinsights.analysis.ForecastReport;
import io.dashinsights.analysis.Severity;
import io.dashinsights.analysis.TrendReport;
import jakarta.enterprise.context.ApplicationScoped;

import io.dashinsights.domain.Investigation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Deterministic explanations from the computed facts: the fallback whenever no model is configured or
 * the model fails. Every number it writes comes from the analysis.
 */
@ApplicationScoped
public class TemplateWriter {

    public static final String AUTHOR = "template";
    /** The tag of what the template wrote ({@link Explanation#tag()}). */
    public static final String TAG = "ai:" + AUTHOR;

    public Explanation anomaly(String metric, AnomalyRegion region) {
        double deviation = region.expected() == 0 ? Double.NaN
                : (region.peakValue() - region.expected()) / Math.abs(region.expected());
        String direction = region.peakValue() >= region.expected() ? "above" : "below";
        String summary = String.format("%s anomaly on %s from %s to %s: peak %s at %s, %s expected %s%s (score %s).",
                capitalise(region.severity().label()), metric, Instant.ofEpochMilli(region.startMs()),
                Instant.ofEpochMilli(region.endMs()), Numbers.format(region.peakValue()),
                Instant.ofEpochMilli(region.peakMs()), direction, Numbers.format(region.expected()),
                Double.isFinite(deviation) ? " (" + Numbers.percent(deviation) + ")" : "",
                Numbers.format(region.score()));
        return new Explanation(summary, List.of(), recommendations(region.severity(), metric), AUTHOR);
    }

    /**
     * The numbers of an incident as the first lines of its annotation: a headline (how bad, when, how long, which
     * metrics and which way) and one line per metric with its true peak and what was expected. Every number once.
     */
    public List<String> incidentFacts(AnomalyIncidents.Group g, Map<String, Unit> units) {
        List<String> lines = new ArrayList<>();
        String when = g.open()
                ? "since " + dateTime(g.startMs()) + " UTC, still going after " + duration(g.endMs() - g.startMs())
                : dateTime(g.startMs()) + "–" + clock(g.endMs()) + " UTC (" + duration(g.endMs() - g.startMs()) + ")";
        lines.add(capitalise(g.severity().label()) + " incident " + when + ": " + movement(g));
        for (AnomalyIncidents.MetricSpan m : g.metrics()) {
            AnomalySpan span = m.span();
            Unit unit = units.getOrDefault(m.metric(), Unit.PLAIN);
            boolean up = span.peakValue() >= span.expected();
            String relative = unit == Unit.RATIO || !Double.isFinite(span.relativeDeviation())
                    ? Numbers.change(span.peakValue() - span.expected(), unit)
                    : (up ? "+" : "−") + Numbers.percent(Math.abs(span.relativeDeviation()));
            lines.add(m.metric() + (up ? " peaked at " : " fell to ") + Numbers.value(span.peakValue(), unit) + " at "
                    + clock(span.peakMs()) + " (normal " + Numbers.value(span.expected(), unit) + ", " + relative + ")");
        }
        return lines;
    }

    /** The words around an incident's numbers: what it means, what to check. No number is repeated here. */
    public Explanation incident(AnomalyIncidents.Group g, Map<String, Unit> units) {
        return incident(g, units, null);
    }

    /** As above, naming the investigation's strongest candidate causes with their evidence, one line each. */
    public Explanation incident(AnomalyIncidents.Group g, Map<String, Unit> units, Investigation investigation) {
        List<String> rose = new ArrayList<>();
        List<String> fell = new ArrayList<>();
        for (AnomalyIncidents.MetricSpan m : g.metrics()) {
            (m.span().peakValue() >= m.span().expected() ? rose : fell).add(m.metric());
        }
        String together = g.metrics().size() == 1 ? g.lead().metric() + " left its normal range"
                : !rose.isEmpty() && !fell.isEmpty() ? and(rose) + " rose while " + and(fell) + " fell, together"
                : and(!rose.isEmpty() ? rose : fell) + (!rose.isEmpty() ? " rose" : " fell") + " together";
        String summary = together + (g.open() ? " and " + (g.metrics().size() == 1 ? "has" : "have")
                + " not come back yet." : "; back to normal at " + clock(g.endMs()) + " UTC.");
        List<String> checks = new ArrayList<>();
        List<String> causes = CauseLines.plain(investigation);
        boolean changeFound = investigation != null && investigation.top(CauseLines.MAX).stream()
                .anyMatch(c -> c.evidence() instanceof Investigation.Change);
        checks.add(changeFound ? "whether the change named above explains it; roll it back if so"
                : "deploys, config changes and traffic shifts shortly before " + clock(g.startMs()) + " UTC");
        if (g.severity() == Severity.HIGH) {
            checks.add("alerts and dependencies of the services behind " + and(names(g)) + " in the same window");
        }
        if (g.open()) {
            checks.add("whether it is still getting worse: this annotation grows on each run until it ends");
        }
        return new Explanation(summary, causes, checks, AUTHOR).withInvestigation(investigation);
    }

    private static String movement(AnomalyIncidents.Group g) {
        List<String> parts = new ArrayList<>();
        for (AnomalyIncidents.MetricSpan m : g.metrics()) {
            parts.add(m.metric() + (m.span().peakValue() >= m.span().expected() ? " up" : " down"));
        }
        return String.join(", ", parts);
    }

    private static List<String> names(AnomalyIncidents.Group g) {
        return g.metrics().stream().map(AnomalyIncidents.MetricSpan::metric).toList();
    }

    private static String and(List<String> items) {
        return items.size() <= 1 ? String.join("", items)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    static String clock(long epochMs) {
        return CLOCK.format(Instant.ofEpochMilli(epochMs));
    }

    /** A time of day as the annotations write it ("05:58"), UTC. */
    public static String clock(Instant t) {
        return CLOCK.format(t);
    }

    static String dateTime(long epochMs) {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMs));
    }

    /** A span as people say it: "40 min", "1 h 5 min", "2 d 3 h". */
    public static String duration(long ms) {
        Duration d = Duration.ofMillis(Math.max(0, ms));
        if (d.toDays() > 0) {
            return d.toDays() + " d" + (d.toHoursPart() > 0 ? " " + d.toHoursPart() + " h" : "");
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h" + (d.toMinutesPart() > 0 ? " " + d.toMinutesPart() + " min" : "");
        }
        return d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    public Explanation anomalyOverview(String metric, List<AnomalyRegion> regions, Severity severity) {
        if (regions.isEmpty()) {
            return new Explanation("No anomalies on " + metric + " in the analysed window.", List.of(), List.of(), AUTHOR);
        }
        return new Explanation(String.format("%d anomal%s on %s; highest severity %s.", regions.size(),
                regions.size() == 1 ? "y" : "ies", metric, severity.label()), List.of(),
                recommendations(severity, metric), AUTHOR);
    }

    public Explanation trend(TrendReport r, Duration window) {
        String summary = switch (r.direction()) {
            case STABLE -> String.format("%s shows no significant trend over %s (Mann–Kendall p %s); fitted change "
                            + "%s.", r.metric(), human(window), Numbers.pValue(r.pValue()),
                    Numbers.percent(r.growthRatePercent() / 100));
            case UP, DOWN -> String.format("%s is trending %s over %s: %s per hour, %s (%s), Mann–Kendall p %s.",
                    r.metric(), r.direction().label(), human(window), Numbers.format(r.slopePerHour()),
                    Numbers.percent(r.growthRatePercent() / 100), r.growthBasis(), Numbers.pValue(r.pValue()));
        };
        List<String> actions = r.direction() == io.dashinsights.analysis.Direction.STABLE ? List.of()
                : List.of("check whether the change in " + r.metric() + " is expected (growth, release, seasonality)");
        return new Explanation(summary, List.of(), actions, AUTHOR);
    }

    public Explanation forecast(ForecastReport r) {
        int last = r.mean().length - 1;
        String summary = String.format("%s forecast (%s): %s by %s, 95%% interval %s to %s. Backtest %s: %s.",
                r.metric(), r.modelUsed(), Numbers.format(r.mean()[last]), Instant.ofEpochMilli(r.timestamps()[last]),
                Numbers.format(r.lower95()[last]), Numbers.format(r.upper95()[last]), r.accuracyMetric(),
                Numbers.format(r.accuracyEstimate()));
        return new Explanation(summary, List.of(), List.of(), AUTHOR);
    }

    public Explanation errorSpike(ErrorSpikeFacts f) {
        // The headline above already gives the rate and the threshold: the words say what it means.
        String summary = "More requests than usual are failing since " + clock(f.startsAt()) + " UTC"
                + (f.investigation() != null && !f.investigation().causes().isEmpty()
                ? "; the checks below point at where." : "; no check found a likely cause yet.");
        List<String> causes = CauseLines.lines(f.investigation(), CauseLines.PLAIN);
        List<String> actions = new ArrayList<>();
        if (f.investigation() != null && f.investigation().top(CauseLines.MAX).stream()
                .anyMatch(c -> c.evidence() instanceof io.dashinsights.domain.Investigation.Change)) {
            actions.add("whether to roll back the most recent change");
        }
        actions.add("logs of the top failing routes since " + clock(f.startsAt()) + " UTC");
        return new Explanation(summary, causes, actions, AUTHOR).withInvestigation(f.investigation());
    }

    private static List<String> recommendations(Severity severity, String metric) {
        List<String> actions = new ArrayList<>();
        actions.add("compare " + metric + " with recent deploys and config changes in this window");
        if (severity == Severity.HIGH) {
            actions.add("check dependent services and alerts for the same window");
        }
        return actions;
    }

    static String human(Duration d) {
        if (d.toDays() >= 1 && d.toHours() % 24 == 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() >= 1 && d.toMinutes() % 60 == 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() + "m";
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
