package io.dashinsights.metrics;

import io.dashinsights.domain.MetricsSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.analysis.Series;
import io.dashinsights.capacity.Dependency;
import io.dashinsights.capacity.Limited;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads series from Prometheus with a timeout, a bounded retry of transient failures, and a circuit
 * breaker so a down Prometheus costs one quick failure per dashboard, not a pile of hung requests.
 */
@ApplicationScoped
public class PrometheusClient implements MetricsSource {

    /** Prometheus refuses more points than this per series. */
    public static final int MAX_POINTS = 11_000;

    private final PrometheusApi api;
    private final ObjectMapper mapper;
    private final String url;

    PrometheusClient(@RestClient PrometheusApi api, ObjectMapper mapper, InsightsConfig config) {
        this.api = api;
        this.mapper = mapper;
        this.url = config.prometheus().url().orElse("(prometheus)");
    }

    @Override
    public String kind() {
        return "prometheus";
    }

    @Limited(Dependency.PROMETHEUS)
    @Override
    @Timeout(30_000)
    @Retry(maxRetries = 2, delay = 500, jitter = 250, retryOn = PrometheusException.class,
            abortOn = NonTransientPrometheusException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 30_000,
            skipOn = NonTransientPrometheusException.class)
    public Series rangeQuery(String name, String promql, Instant start, Instant end, Duration step) {
        Duration safeStep = stepWithin(start, end, step);
        Instant alignedStart = aligned(start, safeStep);
        String where = url + "/api/v1/query_range";
        try (Response answer = send(where, () -> api.queryRange(promql, seconds(alignedStart), seconds(end),
                safeStep.toSeconds() + "s"))) {
            byte[] body = answer.hasEntity() ? answer.readEntity(byte[].class) : new byte[0];
            if (answer.getStatus() / 100 == 2) {
                Series series = RangeAnswer.read(mapper, body, name, alignedStart, end, safeStep, where, promql);
                if (series != null) {
                    return series;
                }
            }
            String text = new String(body, StandardCharsets.UTF_8);
            throw failure(where, answer.getStatus(), text, readOrNull(text));
        }
    }

    /** Instant query; empty when the query has no result (e.g. no traffic). Used by the webhook. */
    @Limited(Dependency.PROMETHEUS)
    @Timeout(15_000)
    @Retry(maxRetries = 2, delay = 500, jitter = 250, retryOn = PrometheusException.class,
            abortOn = NonTransientPrometheusException.class)
    public Optional<Double> instantValue(String promql, Instant at) {
        JsonNode data = call("query", () -> api.query(promql, preciseSeconds(at)));
        JsonNode result = data.path("result");
        if ("scalar".equals(data.path("resultType").asText())) {
            return Optional.of(parse(result.get(1).asText()));
        }
        if (!result.isArray() || result.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parse(result.get(0).path("value").get(1).asText()));
    }

    /** Instant vector as labels → value, for breakdowns such as errors by route. */
    @Limited(Dependency.PROMETHEUS)
    @Timeout(15_000)
    @Retry(maxRetries = 2, delay = 500, jitter = 250, retryOn = PrometheusException.class,
            abortOn = NonTransientPrometheusException.class)
    public java.util.List<Map.Entry<Map<String, String>, Double>> instantVector(String promql, Instant at) {
        return vector(call("query", () -> api.query(promql, preciseSeconds(at))));
    }

    private static java.util.List<Map.Entry<Map<String, String>, Double>> vector(JsonNode data) {
        java.util.List<Map.Entry<Map<String, String>, Double>> rows = new java.util.ArrayList<>();
        for (JsonNode r : data.path("result")) {
            rows.add(Map.entry(labels(r.path("metric")), parse(r.path("value").get(1).asText())));
        }
        return rows;
    }

    /** One series of a matrix answer, with its labels; missing samples are NaN. */
    public record LabeledSeries(Map<String, String> labels, Series series) {
    }

    /**
     * Range query keeping every series apart with its labels (where {@link #rangeQuery} adds them up): change
     * signals need to see which series changed or appeared. No retry: investigations are bounded in time and
     * a failed check only removes its part.
     */
    @Limited(Dependency.PROMETHEUS)
    @Timeout(10_000)
    public java.util.List<LabeledSeries> rangeMatrix(String promql, Instant start, Instant end, Duration step) {
        Duration safeStep = stepWithin(start, end, step);
        Instant alignedStart = aligned(start, safeStep);
        JsonNode data = call("query_range", () -> api.queryRange(promql, seconds(alignedStart), seconds(end),
                safeStep.toSeconds() + "s"));
        java.util.List<LabeledSeries> out = new java.util.ArrayList<>();
        for (JsonNode s : data.path("result")) {
            Map<String, String> labels = labels(s.path("metric"));
            out.add(new LabeledSeries(labels, toSeries(labels.getOrDefault("__name__", promql),
                    mapper.createArrayNode().add(s), alignedStart, end, safeStep)));
        }
        return out;
    }

    /** Label sets of the series matching {@code selectors} in [start, end] (the series API); no retry. */
    @Limited(Dependency.PROMETHEUS)
    @Timeout(10_000)
    public java.util.List<Map<String, String>> seriesLabels(java.util.List<String> selectors, Instant start, Instant end) {
        JsonNode data = call("series", () -> api.series(selectors, seconds(start), seconds(end)));
        java.util.List<Map<String, String>> out = new java.util.ArrayList<>();
        data.forEach(s -> out.add(labels(s)));
        return out;
    }

    /** Instant vector without retry, for bounded investigations (see {@link #instantVector}). */
    @Limited(Dependency.PROMETHEUS)
    @Timeout(10_000)
    public java.util.List<Map.Entry<Map<String, String>, Double>> instantVectorOnce(String promql, Instant at) {
        return vector(call("query", () -> api.query(promql, preciseSeconds(at))));
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new java.util.TreeMap<>();
        metric.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** True when Prometheus answers its readiness endpoint with 2xx; never throws. */
    @Timeout(3_000)
    public boolean ready() {
        try (Response r = api.ready()) {
            return r.getStatus() / 100 == 2;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The window's start moved back to a multiple of the step, as Grafana aligns its queries: Prometheus
     * evaluates at start + k·step, so the same incident keeps its sample times, and so its annotation key,
     * from one run to the next.
     */
    static Instant aligned(Instant start, Duration step) {
        long stepSeconds = step.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(start.getEpochSecond(), stepSeconds) * stepSeconds);
    }

    /** Widens the step so the window fits Prometheus' per-series point limit. */
    static Duration stepWithin(Instant start, Instant end, Duration step) {
        long spanSeconds = Math.max(1, Duration.between(start, end).toSeconds());
        long minStep = (spanSeconds + MAX_POINTS - 2) / (MAX_POINTS - 1);
        return Duration.ofSeconds(Math.max(Math.max(1, step.toSeconds()), minStep));
    }

    private JsonNode call(String endpoint, Supplier<Response> request) {
        String where = url + "/api/v1/" + endpoint;
        try (Response answer = send(where, request)) {
            String body = answer.hasEntity() ? answer.readEntity(String.class) : "";
            JsonNode json = readOrNull(body);
            if (answer.getStatus() / 100 == 2 && json != null && "success".equals(json.path("status").asText())) {
                return json.path("data");
            }
            throw failure(where, answer.getStatus(), body, json);
        }
    }

    /** Prometheus' answer, whatever its status; unreachable or abandoned calls throw. */
    private static Response send(String where, Supplier<Response> request) {
        try {
            return request.get();
        } catch (jakarta.ws.rs.WebApplicationException e) {
            // The REST client turns 4xx/5xx into exceptions; Prometheus' own error is in the body.
            return e.getResponse();
        } catch (ProcessingException e) {
            if (Thread.currentThread().isInterrupted() || Failures.hasCause(e, InterruptedException.class)) {
                // Our caller gave up (an investigation past its budget cancels its checks): Prometheus did nothing
                // wrong, so this is neither retried nor counted by the circuit breaker (skipOn non-transient),
                // which under a big cycle would otherwise open for every dashboard.
                throw new NonTransientPrometheusException(where + " not awaited: the caller was interrupted");
            }
            throw new PrometheusException(where + " unreachable: " + Failures.rootMessage(e), true, e);
        }
    }

    /** The body as JSON, or null when it is not JSON (a proxy's HTML error page, an empty answer). */
    private JsonNode readOrNull(String body) {
        try {
            return mapper.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * What an unsuccessful answer becomes: Prometheus' own error when it sent one ({@code json}, the body already
     * read, or null); overload is transient.
     */
    private static RuntimeException failure(String where, int status, String body, JsonNode json) {
        String message = json != null && json.has("error")
                ? json.path("errorType").asText() + ": " + json.path("error").asText()
                : Failures.abbreviate(body, 300);
        String text = where + " answered " + status + ": " + message;
        if (status == 503 || status == 429 || status >= 502 && status <= 504) {
            return new PrometheusException(text, true, null);
        }
        return new NonTransientPrometheusException(text);
    }

    static Series toSeries(String name, JsonNode result, Instant start, Instant end, Duration step) {
        Series series = window(name, start, end, step);
        for (JsonNode s : result) {
            for (JsonNode pair : s.path("values")) {
                place(series, step, pair.get(0).asDouble(), parse(pair.get(1).asText()));
            }
        }
        return series;
    }

    /** The window's steps from {@code start}, every value missing (NaN) until a sample is placed. */
    static Series window(String name, Instant start, Instant end, Duration step) {
        long stepMs = step.toMillis();
        int n = (int) (Duration.between(start, end).toMillis() / stepMs) + 1;
        long[] ts = new long[n];
        double[] values = new double[n];
        Arrays.fill(values, Double.NaN);
        for (int i = 0; i < n; i++) {
            ts[i] = start.toEpochMilli() + i * stepMs;
        }
        return new Series(name, ts, values);
    }

    /**
     * Puts a sample ({@code seconds}: Prometheus' unix time) on the nearest step of a {@link #window}. A query should give one
     * series; with several (e.g. a missing sum()) we add them up rather than silently picking one, and NaN/±Inf
     * samples and samples outside the window stay out.
     */
    static void place(Series window, Duration step, double seconds, double sample) {
        long[] ts = window.timestamps();
        double[] values = window.values();
        long stepMs = step.toMillis();
        int i = (int) Math.round((Math.round(seconds * 1000) - ts[0]) / (double) stepMs);
        if (i >= 0 && i < ts.length && Double.isFinite(sample)) {
            values[i] = Double.isNaN(values[i]) ? sample : values[i] + sample;
        }
    }

    static double parse(String v) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    /**
     * Unix seconds with milliseconds: an alert's startsAt is the rule's evaluation time, and the ratio one
     * second earlier can still be below the threshold.
     */
    static String preciseSeconds(Instant t) {
        return java.math.BigDecimal.valueOf(t.toEpochMilli(), 3).toPlainString();
    }

    private static String seconds(Instant t) {
        return String.valueOf(t.getEpochSecond());
    }
}
