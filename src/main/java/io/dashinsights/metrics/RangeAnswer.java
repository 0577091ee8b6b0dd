package io.dashinsights.metrics;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.analysis.Series;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

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
        Series series = PrometheusClient.window(name, start, end, step);
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
                            readResult(p, series, step);
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
        return series;
    }

    /** The series of a matrix: each one's {@code values} placed on the window's steps; labels are not needed. */
    private static void readResult(JsonParser p, Series series, Duration step) throws IOException {
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
                    double seconds = p.getValueAsDouble();
                    p.nextToken();
                    double sample = PrometheusClient.parse(p.getText());
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        p.skipChildren();
                    }
                    PrometheusClient.place(series, step, seconds, sample);
                }
            }
        }
    }
}
