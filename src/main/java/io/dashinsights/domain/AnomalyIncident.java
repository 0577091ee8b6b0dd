package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dashinsights.analysis.Severity;

import java.time.Instant;
import java.util.List;

/**
 * An incident on a dashboard: from {@code start} to {@code end} its metrics were outside their expected band.
 * Metrics that moved together are one incident ({@code metrics}, most severe first; severity is the highest);
 * the top-level metric fields repeat the leading metric, so readers of one-metric incidents need nothing else.
 * {@code expected} is what normal would have been at the peak, from our analysis, so "value vs expected" is
 * published from our numbers.
 *
 * @param end     when the metrics were back to normal; while {@code open}, the last sample seen
 * @param open    still outside the band at the window's end: the next run extends the same annotation
 * @param metrics every metric that moved, with its own span and peak (empty in results stored before incidents
 *                grouped metrics: then the top-level fields are the one metric)
 */
// Stored results outlive the version that wrote them: fields added or dropped since are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnomalyIncident(String metric, Instant start, Instant end, Instant peakTime, double peakValue,
                              double expected, double score, Severity severity, String explanation, String author,
                              boolean open, List<MetricDeviation> metrics, Investigation investigation)
        implements Finding {

    public AnomalyIncident(String metric, Instant start, Instant end, Instant peakTime, double peakValue,
                           double expected, double score, Severity severity, String explanation, String author,
                           boolean open, List<MetricDeviation> metrics) {
        this(metric, start, end, peakTime, peakValue, expected, score, severity, explanation, author, open, metrics,
                null);
    }

    public AnomalyIncident {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    /** A one-metric incident (the shape before incidents grouped metrics). */
    public AnomalyIncident(String metric, Instant start, Instant end, Instant peakTime, double peakValue,
                           double expected, double score, Severity severity, String explanation, String author) {
        this(metric, start, end, peakTime, peakValue, expected, score, severity, explanation, author, false, List.of(),
                null);
    }

    /** One metric's part of the incident: its own span, its true peak and what was expected there. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MetricDeviation(String metric, Unit unit, Instant start, Instant end, Instant peakTime,
                                  double peakValue, double expected, double score, Severity severity, boolean open) {
    }

    /** Every metric that moved; for results stored before grouping, the one metric of the top-level fields. */
    @JsonIgnore
    public List<MetricDeviation> moved() {
        return !metrics.isEmpty() ? metrics : List.of(new MetricDeviation(metric, Unit.PLAIN, start, end, peakTime,
                peakValue, expected, score, severity, open));
    }
}
