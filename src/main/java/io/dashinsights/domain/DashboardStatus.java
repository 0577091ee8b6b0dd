package io.dashinsights.domain;

/** How a dashboard's last update ended (dashboards.last_status); {@link #code()} is what the database and the API hold. */
public enum DashboardStatus implements Coded {
    /** Its findings reached Grafana. */
    OK("ok"),
    /** The push failed and waits in the outbox for a retry. */
    PENDING_RETRY("pending-retry"),
    /** Preparing or checking it failed (metrics source down, bad query…); retried after a backoff. */
    FAILED("failed"),
    /** Grafana refused the push for good (its dashboard does not exist…); retried after a backoff. */
    REFUSED("refused");

    private final String code;

    DashboardStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
