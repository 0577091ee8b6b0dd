package io.dashinsights.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.analysis.Series;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.grafana.GrafanaClient;
import io.dashinsights.insight.ErrorSpikeFacts;
import io.dashinsights.metrics.NonTransientPrometheusException;
import io.dashinsights.metrics.PrometheusClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures an alert's error ratio and gathers what the explanation may use: the ratio around startsAt,
 * the top error contributors, and recent deploy/change annotations. Each context part is optional and
 * bounded (client timeouts, a fixed number of points and rows): a missing source only removes that part.
 */
@ApplicationScoped
public class AlertContext {

    private static final Logger LOG = Logger.getLogger(AlertContext.class);
    private static final int SERIES_POINTS = 120;
    private static final int MAX_CHANGES = 10;

    /** The measured ratio and where it came from, or why there is none. */
    public record Measured(Double rate, String source, String reason) {
    }

    private final PrometheusClient prometheus;
    private final GrafanaClient grafana;
    private final InsightsConfig.Alerts settings;
    private final boolean prometheusConfigured;
    private final boolean grafanaConfigured;
    private final Clock clock;

    AlertContext(PrometheusClient prometheus, GrafanaClient grafana, InsightsConfig config, Clock clock) {
        this.prometheus = prometheus;
        this.grafana = grafana;
        this.settings = config.alerts();
        this.prometheusConfigured = config.prometheus().url().isPresent();
        this.grafanaConfigured = config.grafana().url().isPresent();
        this.clock = clock;
    }

    /**
     * The payload's value when the sender measured one, else the configured query at startsAt. A Prometheus
     * that is down throws (the group is retried later); a query that cannot answer gives a reason.
     */
    public Measured measure(AlertItem alert) {
        if (alert.knownRate() != null) {
            return new Measured(alert.knownRate(), alert.rateSource(), null);
        }
        String note = alert.rateNote() == null ? "" : alert.rateNote() + "; ";
        if (!prometheusConfigured) {
            return new Measured(null, null, note + "the payload carries no error ratio and insights.prometheus.url is not set");
        }
        String query = errorRateQuery(alert.labels());
        try {
            Optional<Double> v = prometheus.instantValue(query, alert.startsAt());
            if (v.isEmpty() || !Double.isFinite(v.get())) {
                return new Measured(null, null, note + "Prometheus has no error ratio for " + query + " at "
                        + alert.startsAt() + (v.isPresent() ? " (" + v.get() + ", no traffic?)" : ""));
            }
            if (!isRatio(v.get())) {
                return new Measured(null, null, note + "Prometheus answered " + v.get() + " for " + query
                        + ", which is not an error ratio (0 to 1): check insights.alerts.error-rate-query");
            }
            return new Measured(v.get(), "prometheus", alert.rateNote() == null ? null
                    : alert.rateNote() + "; measured with insights.alerts.error-rate-query instead");
        } catch (NonTransientPrometheusException e) {
            return new Measured(null, null, note + e.getMessage());
        }
    }

    /** An error rate is a ratio of requests: anything outside [0, 1] is some other quantity, never published as a rate. */
    static boolean isRatio(double v) {
        return v >= 0 && v <= 1;
    }

    public String errorRateQuery(Map<String, String> labels) {
        return PromQl.render(settings.errorRateQuery(), labels, settings.matchLabels(), settings.by());
    }

    /** Facts for one explanation; the context parts are gathered best-effort. */
    public ErrorSpikeFacts facts(AlertItem alert, Measured measured) {
        return new ErrorSpikeFacts(alert.name(), alert.labels(), alert.annotations(), measured.rate(),
                settings.threshold(), measured.source(), alert.startsAt(), seriesAround(alert), breakdown(alert),
                recentChanges(alert));
    }

    private List<double[]> seriesAround(AlertItem alert) {
        if (!prometheusConfigured) {
            return List.of();
        }
        Instant start = alert.startsAt().minus(settings.seriesWindow());
        Instant end = min(clock.instant(), alert.startsAt().plus(settings.seriesWindow()));
        Duration step = Duration.ofSeconds(Math.max(1, Duration.between(start, end).toSeconds() / SERIES_POINTS));
        try {
            Series s = prometheus.rangeQuery("error_ratio", errorRateQuery(alert.labels()), start, end, step);
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                if (Double.isFinite(s.values()[i])) {
                    points.add(new double[] {s.timestamps()[i], s.values()[i]});
                }
            }
            return points;
        } catch (RuntimeException e) {
            LOG.debugf("error-ratio series around %s unavailable: %s", alert.startsAt(), e.getMessage());
            return List.of();
        }
    }

    private List<ErrorSpikeFacts.Contributor> breakdown(AlertItem alert) {
        if (!prometheusConfigured || settings.by().isEmpty()) {
            return List.of();
        }
        String query = PromQl.render(settings.breakdownQuery(), alert.labels(), settings.matchLabels(), settings.by());
        try {
            var rows = prometheus.instantVector(query, alert.startsAt()).stream()
                    .filter(r -> Double.isFinite(r.getValue()) && r.getValue() > 0).toList();
            double total = rows.stream().mapToDouble(Map.Entry::getValue).sum();
            return rows.stream().sorted(Comparator.comparingDouble(r -> -r.getValue()))
                    .limit(Math.max(0, settings.breakdownLimit()))
                    .map(r -> new ErrorSpikeFacts.Contributor(r.getKey(), r.getValue(), r.getValue() / total))
                    .toList();
        } catch (RuntimeException e) {
            LOG.debugf("error breakdown at %s unavailable: %s", alert.startsAt(), e.getMessage());
            return List.of();
        }
    }

    private List<ErrorSpikeFacts.Change> recentChanges(AlertItem alert) {
        if (!grafanaConfigured || settings.changeTags().isEmpty()) {
            return List.of();
        }
        long to = alert.startsAt().toEpochMilli();
        long from = alert.startsAt().minus(settings.changeLookback()).toEpochMilli();
        try {
            JsonNode found = grafana.findAnnotations(from, to, null, settings.changeTags(),
                    GrafanaClient.TagMatch.ANY, MAX_CHANGES);
            List<ErrorSpikeFacts.Change> changes = new ArrayList<>();
            for (JsonNode a : found) {
                List<String> tags = new ArrayList<>();
                a.path("tags").forEach(t -> tags.add(t.asText()));
                String text = a.path("text").asText("");
                changes.add(new ErrorSpikeFacts.Change(Instant.ofEpochMilli(a.path("time").asLong()),
                        text.length() > 300 ? text.substring(0, 300) + "…" : text, tags));
            }
            changes.sort(Comparator.comparing(ErrorSpikeFacts.Change::time).reversed());
            return changes.size() > MAX_CHANGES ? changes.subList(0, MAX_CHANGES) : changes;
        } catch (RuntimeException e) {
            LOG.debugf("recent changes before %s unavailable: %s", alert.startsAt(), e.getMessage());
            return List.of();
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
