package io.dashinsights.domain;

/** Where a recorded webhook delivery is in its processing (alert_groups.state); stored and shown as {@link #code()}. */
public enum AlertGroupState implements Coded {
    /** Recorded, waiting for a worker (or for its next attempt after a failed one). */
    PENDING("pending"),
    /** Claimed by a worker whose lease has not run out. */
    PROCESSING("processing"),
    /** Every alert of it decided and pushed. */
    DONE("done"),
    /** Given up after the last attempt. */
    FAILED("failed");

    private final String code;

    AlertGroupState(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
