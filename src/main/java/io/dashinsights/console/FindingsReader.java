package io.dashinsights.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.console.Findings.Anomaly;
import io.dashinsights.console.Findings.MetricFindings;
import io.dashinsights.console.Findings.Note;
import io.dashinsights.console.Findings.Point;
import io.dashinsights.console.Findings.Prediction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a prepare-* stage result (the JSON the prepare functions store) into {@link Findings}. Lenient on
 * purpose: a result written by an older or newer version with a field missing still shows what it has.
 */
@ApplicationScoped
public class FindingsReader {

    private static final Logger LOG = Logger.getLogger(FindingsReader.class);

    private final ObjectMapper mapper;

    FindingsReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Findings read(String resultJson) {
        if (resultJson == null) {
            return Findings.NONE;
        }
        JsonNode root;
        try {
            root = mapper.readTree(resultJson);
        } catch (JsonProcessingException e) {
            LOG.warnf("stored stage result is not JSON: %s", e.getOriginalMessage());
            return Findings.NONE;
        }
        List<Note> notes = new ArrayList<>();
        List<MetricFindings> metrics = new ArrayList<>();
        for (JsonNode s : root.path("series")) {
            String metric = s.path("metric").asText();
            List<Point> points = new ArrayList<>();
            for (JsonNode p : s.path("points")) {
                JsonNode v = p.path(1);
                points.add(new Point(p.path(0).asLong(), v.isNumber() ? v.asDouble() : null));
            }
            metrics.add(new MetricFindings(metric, points, anomalies(root, metric, notes), trend(root, metric, notes),
                    slope(root, metric), forecast(root, metric, notes)));
        }
        return new Findings(text(root, "explanation"), text(root, "source"), metrics, notes);
    }

    private static List<Anomaly> anomalies(JsonNode root, String metric, List<Note> notes) {
        List<Anomaly> out = new ArrayList<>();
        for (JsonNode a : forMetric(root.path("anomalies"), metric)) {
            Long start = time(a.path("start"));
            Long end = time(a.path("end"));
            if (start == null || end == null) {
                continue;
            }
            String severity = a.path("severity").asText("unknown");
            String title = String.format(Locale.ROOT, "%s anomaly %s – %s: peak %s (expected %s), score %.2f", severity,
                    Times.format(start), Times.format(end), Times.number(a.path("peakValue").asDouble()),
                    Times.number(a.path("expected").asDouble()), a.path("score").asDouble());
            out.add(new Anomaly(start, end, severity, title));
            notes.add(new Note(metric, severity + " anomaly from " + Times.format(start),
                    text(a, "explanation"), text(a, "author")));
        }
        return out;
    }

    private static List<Point> trend(JsonNode root, String metric, List<Note> notes) {
        List<Point> out = new ArrayList<>();
        for (JsonNode t : forMetric(root.path("trends"), metric)) {
            for (JsonNode p : t.path("forecast")) {
                Long time = time(p.path("time"));
                if (time != null && p.path("value").isNumber()) {
                    out.add(new Point(time, p.path("value").asDouble()));
                }
            }
            notes.add(new Note(metric, "trend: " + t.path("trend_direction").asText("?") + ", growth "
                    + Times.number(t.path("growth_rate").asDouble()) + " %", text(t, "insights"), text(t, "author")));
        }
        return out;
    }

    private static Double slope(JsonNode root, String metric) {
        for (JsonNode t : forMetric(root.path("trends"), metric)) {
            if (t.path("slope_per_hour").isNumber()) {
                return t.path("slope_per_hour").asDouble();
            }
        }
        return null;
    }

    private static List<Prediction> forecast(JsonNode root, String metric, List<Note> notes) {
        List<Prediction> out = new ArrayList<>();
        for (JsonNode f : forMetric(root.path("forecasts"), metric)) {
            for (JsonNode p : f.path("predictions")) {
                Long time = time(p.path("time"));
                if (time != null && p.path("value").isNumber() && p.path("lower95").isNumber()
                        && p.path("upper95").isNumber()) {
                    out.add(new Prediction(time, p.path("value").asDouble(), p.path("lower95").asDouble(),
                            p.path("upper95").asDouble()));
                }
            }
            notes.add(new Note(metric, "forecast: " + f.path("model_used").asText("?") + ", backtest "
                    + f.path("accuracy_metric").asText("error") + " " + Times.number(f.path("accuracy_estimate").asDouble()),
                    text(f, "narrative"), text(f, "author")));
        }
        return out;
    }

    private static List<JsonNode> forMetric(JsonNode items, String metric) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : items) {
            if (metric.equals(item.path("metric").asText())) {
                out.add(item);
            }
        }
        return out;
    }

    private static Long time(JsonNode node) {
        if (node.isNumber()) {
            return node.asLong();
        }
        try {
            return node.isTextual() ? Instant.parse(node.asText()).toEpochMilli() : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}
