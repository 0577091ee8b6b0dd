package io.dashinsights.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.analysis.Series;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Prometheus {@code query_range} answers captured from a real Prometheus holding a backfilled incident
 * ({@code scripts/capture-incident-backfill.sh}): error ratio 1 % → 6.7 % from 2026-11-30T05:54:00Z to
 * 06:14:00Z, at the anomaly stage's step (240 s) over 24 h + 3 days.
 */
public final class CapturedSeries {

    public static final long INCIDENT_FROM = java.time.Instant.parse("2026-11-30T05:54:00Z").toEpochMilli();
    public static final long INCIDENT_TO = java.time.Instant.parse("2026-11-30T06:14:00Z").toEpochMilli();
    public static final long CAPTURE_END = java.time.Instant.parse("2026-11-30T08:00:00Z").toEpochMilli();

    private CapturedSeries() {
    }

    /** The raw body Prometheus answered, for stand-ins that serve it again. */
    public static String body(String metric) {
        try (InputStream in = CapturedSeries.class.getResourceAsStream("/prometheus/backfill-" + metric + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no capture for " + metric);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The capture as a series, cut at {@code untilMs} (inclusive). */
    public static Series series(String metric, long untilMs) {
        try {
            JsonNode values = new ObjectMapper().readTree(body(metric)).path("data").path("result").path(0).path("values");
            int n = 0;
            for (JsonNode p : values) {
                if (p.path(0).asLong() * 1000 <= untilMs) {
                    n++;
                }
            }
            long[] ts = new long[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                ts[i] = values.get(i).path(0).asLong() * 1000;
                v[i] = Double.parseDouble(values.get(i).path(1).asText());
            }
            return new Series(metric, ts, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Series series(String metric) {
        return series(metric, Long.MAX_VALUE);
    }
}
