package io.dashinsights.domain;

import io.dashinsights.analysis.Series;

import java.time.Duration;
import java.time.Instant;

/** Where series come from: Prometheus, or the built-in demo source when none is configured. */
public interface MetricsSource {

    /** One series for {@code promql} over [start, end] at {@code step}; missing samples are NaN. */
    Series rangeQuery(String name, String promql, Instant start, Instant end, Duration step);

    /** A short name for logs and results: "prometheus" or "demo". */
    String kind();
}
