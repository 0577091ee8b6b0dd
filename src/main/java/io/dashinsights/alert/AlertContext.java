package io.dashinsights.alert;

import io.dashinsights.analysis.Series;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.insight.ErrorSpikeFacts;
import io.dashinsights.domain.Investigation;
import io.dashinsights.investigation.InvestigationRequest;
import io.dashinsights.investigation.Investigator;
import io.dashinsights.metrics.NonTransientPrometheusException;
import io.dashinsights.metrics.PromQl;
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
 * Measures an alert's error ratio and gathers what the explanation may use: the ratio around startsAt and the
 * {@link Investigator}'s findings (which label values carry the errors, changes before the start, metrics that
 * moved with it). Each part is optional and bounded: a missing source only removes that part.
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
    private final Investigator investigator;
    private final List<String> ownTags;
    private final InsightsConfig.Alerts settings;
    private final boolean prometheusConfigured;
    private final Clock clock;

    AlertContext(PrometheusClient prometheus, Investigator investigator, InsightsConfig config, Clock clock) {
        this.prometheus = prometheus;
        this.investigator = investigator;
        this.ownTags = config.grafana().tags();
        this.settings = config.alerts();
        this.prometheusConfigured = config.prometheus().url().isPresent();
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
        return PromQl.render(settings.errorRateQuery(), labels, settings.matchLabels(), List.of());
    }

    /**
     * Facts for one explanation: the measured ratio, the series around startsAt and what the investigation found
     * before it (breakdown, changes on the alert's dashboard, co-moving metrics), each part best-effort.
     *
     * @param dashboardUid the dashboard the alert is annotated on (its change annotations count), or null
     */
    public ErrorSpikeFacts facts(AlertItem alert, Measured measured, String dashboardUid) {
        Instant now = clock.instant();
        Instant end = alert.endsAt() != null && alert.endsAt().isAfter(alert.startsAt()) ? min(now, alert.endsAt()) : now;
        Map<String, String> scope = new java.util.LinkedHashMap<>();
        settings.matchLabels().forEach(l -> {
            if (alert.labels().containsKey(l)) {
                scope.put(l, alert.labels().get(l));
            }
        });
        Investigation investigation = investigator.investigate(new InvestigationRequest(dashboardUid, "error_ratio",
                prometheusConfigured ? errorRateQuery(alert.labels()) : null, true, alert.startsAt(),
                end.isBefore(alert.startsAt()) ? alert.startsAt() : end, Map.of(), scope, ownTags));
        return new ErrorSpikeFacts(alert.name(), alert.labels(), alert.annotations(), measured.rate(),
                settings.threshold(), measured.source(), alert.startsAt(), seriesAround(alert), investigation);
    }

    /** The highest error ratio between the alert's start and {@code until}, and when it was reached. */
    public record Peak(double rate, Instant at) {
    }

    /**
     * The peak while the alert fired: the rate at {@code startsAt} alone under-reports (a real Alertmanager run
     * annotated 6.0 % while the exporter sat at 20 %). Best-effort: empty without Prometheus or when it fails.
     */
    public Optional<Peak> peak(AlertItem alert, Instant until) {
        if (!prometheusConfigured || !until.isAfter(alert.startsAt())) {
            return Optional.empty();
        }
        try {
            Series s = errorRatio(alert, alert.startsAt(), until);
            Peak peak = null;
            for (int i = 0; i < s.size(); i++) {
                double v = s.values()[i];
                if (Double.isFinite(v) && isRatio(v) && (peak == null || v > peak.rate())) {
                    // The first step of the range may be aligned to before startsAt; it still measures the alert.
                    Instant at = Instant.ofEpochMilli(s.timestamps()[i]);
                    peak = new Peak(v, at.isBefore(alert.startsAt()) ? alert.startsAt() : at);
                }
            }
            return Optional.ofNullable(peak);
        } catch (RuntimeException e) {
            LOG.debugf("error-ratio peak since %s unavailable: %s", alert.startsAt(), e.getMessage());
            return Optional.empty();
        }
    }

    private List<double[]> seriesAround(AlertItem alert) {
        if (!prometheusConfigured) {
            return List.of();
        }
        Instant start = alert.startsAt().minus(settings.seriesWindow());
        Instant end = min(clock.instant(), alert.startsAt().plus(settings.seriesWindow()));
        try {
            Series s = errorRatio(alert, start, end);
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

    /** The alert's error ratio from {@code start} to {@code end} in about {@link #SERIES_POINTS} steps. */
    private Series errorRatio(AlertItem alert, Instant start, Instant end) {
        Duration step = Duration.ofSeconds(Math.max(1, Duration.between(start, end).toSeconds() / SERIES_POINTS));
        return prometheus.rangeQuery("error_ratio", errorRateQuery(alert.labels()), start, end, step);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
