package io.dashinsights.domain;

/** A kept push's state (outbox.status); stored as {@link #code()}. */
public enum OutboxStatus implements Coded {
    /** Waiting for a later trigger run to deliver it. */
    PENDING("pending"),
    /** Grafana took it. */
    DELIVERED("delivered"),
    /** A newer push for the same dashboard replaced it before it was delivered. */
    SUPERSEDED("superseded");

    private final String code;

    OutboxStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
