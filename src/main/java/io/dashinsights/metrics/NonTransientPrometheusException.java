package io.dashinsights.metrics;

/** A Prometheus answer that retrying will not fix (bad PromQL, wrong result type). */
public class NonTransientPrometheusException extends PrometheusException {
    public NonTransientPrometheusException(String message) {
        super(message, false, null);
    }
}
