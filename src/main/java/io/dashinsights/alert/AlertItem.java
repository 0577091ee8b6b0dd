package io.dashinsights.alert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dashinsights.domain.GrafanaTarget;

import java.time.Instant;
import java.util.Map;

/**
 * One alert of a group.
 *
 * @param startsAt    null when the sender wrote Go's zero time (Grafana's own test notifications do)
 * @param endsAt      null while firing (senders write "0001-01-01T00:00:00Z")
 * @param knownRate   the error ratio when the sender measured it (Grafana {@code values}, the pull check), else null
 * @param rateSource  where {@code knownRate} came from: "payload" or "prometheus"
 * @param target      a panel fixed by the sender of the group (the pull check's dashboard), else null
 * @param rateNote    why a value the payload carried was not taken as the error ratio, else null
 */
public record AlertItem(String status, String fingerprint, Map<String, String> labels,
                        Map<String, String> annotations, Instant startsAt, Instant endsAt, String dashboardUrl,
                        String panelUrl, Double knownRate, String rateSource, GrafanaTarget target, String rateNote) {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    public AlertItem(String status, String fingerprint, Map<String, String> labels, Map<String, String> annotations,
                     Instant startsAt, Instant endsAt, String dashboardUrl, String panelUrl, Double knownRate,
                     String rateSource, GrafanaTarget target) {
        this(status, fingerprint, labels, annotations, startsAt, endsAt, dashboardUrl, panelUrl, knownRate, rateSource,
                target, null);
    }

    @JsonIgnore
    public boolean firing() {
        return FIRING.equals(status);
    }

    /** The identity of an alert occurrence: the same alert firing again later is a new occurrence. */
    @JsonIgnore
    public String key() {
        return fingerprint + "@" + startMillis();
    }

    /**
     * What makes a notification about this alert new: its occurrence and its status. Everything else in a
     * body may change between resends (Grafana puts the send time into dashboardURL/panelURL).
     */
    @JsonIgnore
    public String identity() {
        return key() + ":" + status;
    }

    /** startsAt in epoch ms, 0 when the sender sent none. */
    @JsonIgnore
    public long startMillis() {
        return startsAt == null ? 0 : startsAt.toEpochMilli();
    }

    @JsonIgnore
    public String name() {
        return labels.getOrDefault("alertname", "alert");
    }
}
