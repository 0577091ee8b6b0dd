package io.dashinsights.metrics;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.analysis.Series;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * A successful {@code query_range} answer read straight into a {@link Series}: the samples go from the token stream
 * into the series' arrays, without a JSON tree of 1,441 two-element arrays per fetch (in the scheduler benchmark's
 * profile, that tree and the body as one String were the largest allocation of a dashboard update). Same rules as
 * before: a sample lands on the nearest step of the window, several series are added up, NaN and ±Inf stay missing.
 */
final class RangeAnswer {

    private RangeAnswer() {
    }

    /**
     * The series of {@code body}; null when it is not a successful answer (unreadable, or {@code status} is not
     * "success"), so the caller reports it with Prometheus' own error.
     *
     * @throws NonTransientPrometheusException when the answer is successful but not a matrix
     */
    static Series read(ObjectMapper mapper, byte[] body, String name, Instant start, Instant end, Duration step,
                       String where, String promql) {
        long stepMs = step.toMillis();
        int n = (int) (Duration.between(start, end).toMillis() / stepMs) + 1;
        long first = start.toEpochMilli();
        long[] ts = new long[n];
        double[] values = new double[n];
        Arrays.fill(values, Double.NaN);
        for (int i = 0; i < n; i++) {
            ts[i] = first + i * stepMs;
        }
        String status = null;
        String resultType = null;
        try (JsonParser p = mapper.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("status".equals(field)) {
                    status = p.getValueAsString();
                } else if ("data".equals(field) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken v = p.nextToken();
                        if ("resultType".equals(inner)) {
                            resultType = p.getValueAsString();
                        } else if ("result".equals(inner) && v == JsonToken.START_ARRAY) {
                            readResult(p, ts, values, stepMs);
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!"success".equals(status)) {
            return null;
        }
        if (!"matrix".equals(resultType)) {
            throw new NonTransientPrometheusException(where + ": expected a matrix for " + promql + ", got "
                    + (resultType == null ? "" : resultType));
        }
        return new Series(name, ts, values);
    }

    /** The series of a matrix: each one's {@code values} added into the window's steps; labels are not needed. */
    private static void readResult(JsonParser p, long[] ts, double[] values, long stepMs) throws IOException {
        int n = ts.length;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (!"values".equals(field) || v != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    p.nextToken();
                    long t = Math.round(p.getValueAsDouble() * 1000);
                    p.nextToken();
                    double sample = PrometheusClient.parse(p.getText());
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        p.skipChildren();
                    }
                    int i = (int) Math.round((t - ts[0]) / (double) stepMs);
                    if (i >= 0 && i < n && Double.isFinite(sample)) {
                        values[i] = Double.isNaN(values[i]) ? sample : values[i] + sample;
                    }
                }
            }
        }
    }
}
