package io.dashinsights.grafana;

import io.dashinsights.contract.DependencyFailure;

/**
 * Grafana refused or did not answer. {@code status} is null when no answer came (timeout, refused
 * connection); {@code retryAfterSeconds} carries a 429's Retry-After.
 */
public class GrafanaException extends RuntimeException implements DependencyFailure {

    private final Integer status;
    private final Long retryAfterSeconds;

    public GrafanaException(String message, Integer status, Long retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Integer status() {
        return status;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
