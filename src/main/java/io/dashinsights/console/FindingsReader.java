package io.dashinsights.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.console.Findings.Anomaly;
import io.dashinsights.console.Findings.MetricFindings;
import io.dashinsights.console.Findings.Note;
import io.dashinsights.console.Findings.Point;
import io.dashinsights.console.Findings.Prediction;
import io.dashinsights.domain.AnomalyIncident;
import io.dashinsights.domain.DashboardFindings;
import io.dashinsights.domain.ForecastFinding;
import io.dashinsights.domain.SeriesSample;
import io.dashinsights.domain.TrendFinding;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a prepare-* stage result (stored {@link DashboardFindings}) and lays it out per metric for the
 * charts. A result the current types cannot read shows as "no findings" rather than failing the page.
 */
@ApplicationScoped
public class FindingsReader {

    private static final Logger LOG = Logger.getLogger(FindingsReader.class);

    private final ObjectMapper mapper;

    FindingsReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The stored findings, typed; empty when there are none or they are unreadable. */
    public Optional<DashboardFindings> parse(String resultJson) {
        if (resultJson == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(resultJson, DashboardFindings.class));
        } catch (JsonProcessingException e) {
            LOG.warnf("stored stage result is not readable as findings: %s", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    public Findings read(String resultJson) {
        return parse(resultJson).map(FindingsReader::view).orElse(Findings.NONE);
    }

    static Findings view(DashboardFindings found) {
        List<Note> notes = new ArrayList<>();
        List<MetricFindings> metrics = new ArrayList<>();
        for (SeriesSample s : found.series()) {
            String metric = s.metric();
            List<Point> points = s.points().stream().map(p -> new Point(p.time(), p.value())).toList();
            List<Anomaly> anomalies = new ArrayList<>();
            List<Point> trend = new ArrayList<>();
            Double slope = null;
            List<Prediction> forecast = new ArrayList<>();
            for (AnomalyIncident a : found.anomalies()) {
                // The same grouping as the annotation: each metric's chart shades the whole incident, and its
                // title names every metric that moved with its peak and what was expected.
                boolean moved = a.moved().stream().anyMatch(m -> metric.equals(m.metric()));
                if (moved && a.start() != null && a.end() != null) {
                    String severity = a.severity() == null ? "unknown" : a.severity().label();
                    long start = a.start().toEpochMilli();
                    String title = String.format(Locale.ROOT, "%s incident %s – %s%s: %s", severity,
                            Times.format(start), Times.format(a.end().toEpochMilli()), a.open() ? " (still open)" : "",
                            a.moved().stream().map(m -> m.metric() + " peak " + Times.number(m.peakValue())
                                    + " (expected " + Times.number(m.expected()) + ")")
                                    .collect(java.util.stream.Collectors.joining("; ")));
                    anomalies.add(new Anomaly(start, a.end().toEpochMilli(), severity, title));
                    if (metric.equals(a.metric())) {
                        notes.add(new Note(a.moved().stream().map(AnomalyIncident.MetricDeviation::metric)
                                .collect(java.util.stream.Collectors.joining(", ")), severity + " incident from "
                                + Times.format(start), a.explanation(), a.author(),
                                InvestigationView.of(a.investigation())));
                    }
                }
            }
            for (TrendFinding t : found.trends()) {
                if (metric.equals(t.metric())) {
                    t.projection().stream().filter(p -> p.value() != null)
                            .forEach(p -> trend.add(new Point(p.time(), p.value())));
                    slope = slope == null ? t.slopePerHour() : slope;
                    notes.add(new Note(metric, "trend: " + (t.direction() == null ? "?" : t.direction().label())
                            + ", growth " + Times.number(t.growthRate()) + " %", t.explanation(), t.author()));
                }
            }
            for (ForecastFinding f : found.forecasts()) {
                if (metric.equals(f.metric())) {
                    f.predictions().stream().filter(p -> p.time() != null).forEach(p -> forecast.add(
                            new Prediction(p.time().toEpochMilli(), p.value(), p.lower95(), p.upper95())));
                    notes.add(new Note(metric, "forecast: " + (f.model() == null ? "?" : f.model()) + ", backtest "
                            + (f.accuracyMetric() == null ? "error" : f.accuracyMetric()) + " "
                            + Times.number(f.accuracyEstimate()), f.explanation(), f.author()));
                }
            }
            metrics.add(new MetricFindings(metric, points, anomalies, trend, slope, forecast));
        }
        return new Findings(found.explanation(), found.source(), metrics, notes);
    }
}
