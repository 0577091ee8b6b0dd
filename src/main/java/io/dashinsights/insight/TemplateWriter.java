package io.dashinsights.insight;

import io.dashinsights.analysis.AnomalyRegion;
import io.dashinsights.analysis.ForecastReport;
import io.dashinsights.analysis.Severity;
import io.dashinsights.analysis.TrendReport;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic explanations from the computed facts: the fallback whenever no model is configured or
 * the model fails. Every number it writes comes from the analysis.
 */
@ApplicationScoped
public class TemplateWriter {

    public static final String AUTHOR = "template";

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
        String summary = String.format("Error rate %s (threshold %s) for %s since %s.", Numbers.percent(f.errorRate()),
                Numbers.percent(f.threshold()), f.alertName(), f.startsAt());
        List<String> causes = CauseLines.lines(f.investigation(), CauseLines.PLAIN);
        List<String> actions = new ArrayList<>();
        if (f.investigation() != null && f.investigation().top(CauseLines.MAX).stream()
                .anyMatch(c -> c.evidence() instanceof io.dashinsights.investigation.Investigation.Change)) {
            actions.add("consider rolling back the most recent change");
        }
        actions.add("check logs of the top failing routes since " + f.startsAt());
        return new Explanation(summary, causes, actions, AUTHOR);
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
