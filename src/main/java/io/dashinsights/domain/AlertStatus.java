package io.dashinsights.domain;

/**
 * What was decided for one alert occurrence (alert_states.status); {@link #code()} is what the database and the
 * alerts API hold.
 */
public enum AlertStatus implements Coded {
    /** Above the threshold, explained; the annotation push is not confirmed yet. */
    ANNOTATING("annotating", false),
    /** The region annotation exists and is open. */
    ANNOTATED("annotated", true),
    /** The region was closed at endsAt. */
    RESOLVED("resolved", true),
    /** The resolved notification came before the firing one was processed; the firing one closes at once. */
    RESOLVED_EARLY("resolved-early", false),
    /** At or below the threshold: recorded with the measured rate, nothing annotated. */
    SKIPPED("skipped", true),
    /** Above the threshold but no panel or dashboard is known. */
    UNLINKED("unlinked", true),
    /** Grafana refuses the annotation for good (its dashboard does not exist): recorded with Grafana's reason. */
    REFUSED("refused", true),
    /** No error rate could be measured. */
    NO_RATE("no-rate", true),
    /** The sender gave no start time (Go's zero time, as in Grafana's own test notifications): nothing to place. */
    NO_START("no-start", true),
    /**
     * Past {@code insights.alerts.max-alerts} in its delivery: recorded, not processed. Not settled, so the same
     * alert in a later, smaller notification is processed.
     */
    TRUNCATED("truncated", false);

    private final String code;
    private final boolean settled;

    AlertStatus(String code, boolean settled) {
        this.code = code;
        this.settled = settled;
    }

    @Override
    public String code() {
        return code;
    }

    /**
     * Decided for good: a later firing notification of the same occurrence is not decided again (an open
     * region's peak may still be brought up to date).
     */
    public boolean settled() {
        return settled;
    }

    /** The region exists or is being pushed: the occurrence is still open in Grafana. */
    public boolean open() {
        return this == ANNOTATING || this == ANNOTATED;
    }
}
