package io.dashinsights.grafana;

/** A Grafana failure where trying again at once is safe and likely to help (429, 502–504, refused connection). */
public class RetryableGrafanaException extends GrafanaException {
    public RetryableGrafanaException(String message, Integer status, Long retryAfterSeconds, Throwable cause) {
        super(message, status, retryAfterSeconds, cause);
    }
}
