package io.dashinsights.grafana;

import io.dashinsights.contract.DependencyFailure;

/**
 * Grafana refused or did not answer. {@code status} is null when no answer came (timeout, refused
 * connection); {@code retryAfterSeconds} carries a 429's Retry-After.
 */
public class GrafanaException extends RuntimeException implements DependencyFailure {

    private final Integer status;
    private final Long retryAfterSeconds;
    private final String grafanaStatus;

    public GrafanaException(String message, Integer status, Long retryAfterSeconds, Throwable cause) {
        this(message, status, retryAfterSeconds, null, cause);
    }

    /** @param grafanaStatus the {@code status} of Grafana's JSON error body ("version-mismatch", "name-exists", …) */
    public GrafanaException(String message, Integer status, Long retryAfterSeconds, String grafanaStatus, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.grafanaStatus = grafanaStatus;
    }

    public String grafanaStatus() {
        return grafanaStatus;
    }

    public Integer status() {
        return status;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
