package io.dashinsights.alert;

import java.util.Set;

/** What was decided for one alert occurrence (the {@code status} of its alert_states row). */
public final class AlertStatus {
    /** Above the threshold, explained; the annotation push is not confirmed yet. */
    public static final String ANNOTATING = "annotating";
    /** The region annotation exists and is open. */
    public static final String ANNOTATED = "annotated";
    /** The region was closed at endsAt. */
    public static final String RESOLVED = "resolved";
    /** The resolved notification came before the firing one was processed; the firing one closes at once. */
    public static final String RESOLVED_EARLY = "resolved-early";
    /** At or below the threshold: recorded with the measured rate, nothing annotated. */
    public static final String SKIPPED = "skipped";
    /** Above the threshold but no panel or dashboard is known. */
    public static final String UNLINKED = "unlinked";
    /** Grafana refuses the annotation for good (its dashboard does not exist): recorded with Grafana's reason. */
    public static final String REFUSED = "refused";
    /** No error rate could be measured. */
    public static final String NO_RATE = "no-rate";
    /** The sender gave no start time (Go's zero time, as in Grafana's own test notifications): nothing to place. */
    public static final String NO_START = "no-start";
    /**
     * Past {@code insights.alerts.max-alerts} in its delivery: recorded, not processed. Not settled, so the same
     * alert in a later, smaller notification is processed.
     */
    public static final String TRUNCATED = "truncated";

    /** Decided for good: a firing notification of the same occurrence changes nothing. */
    static final Set<String> SETTLED = Set.of(ANNOTATED, RESOLVED, SKIPPED, UNLINKED, NO_RATE, NO_START, REFUSED);

    private AlertStatus() {
    }
}
