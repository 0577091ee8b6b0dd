package io.dashinsights.metrics;

import io.dashinsights.contract.DependencyFailure;

/** Prometheus refused or failed a query; the message has the URL, the status and Prometheus' own error. */
public class PrometheusException extends RuntimeException implements DependencyFailure {

    private final boolean transientFailure;

    public PrometheusException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** True for answers worth retrying (503, timeouts, refused connections). */
    public boolean isTransient() {
        return transientFailure;
    }
}
