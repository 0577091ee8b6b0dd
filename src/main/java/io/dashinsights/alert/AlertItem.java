package io.dashinsights.alert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dashinsights.domain.GrafanaTarget;

import java.time.Instant;
import java.util.Map;

/**
 * One alert of a group.
 *
 * @param endsAt      null while firing (senders write "0001-01-01T00:00:00Z")
 * @param knownRate   the error ratio when the sender measured it (Grafana {@code values}, the pull check), else null
 * @param rateSource  where {@code knownRate} came from: "payload" or "prometheus"
 * @param target      a panel fixed by the sender of the group (the pull check's dashboard), else null
 */
public record AlertItem(String status, String fingerprint, Map<String, String> labels,
                        Map<String, String> annotations, Instant startsAt, Instant endsAt, String dashboardUrl,
                        String panelUrl, Double knownRate, String rateSource, GrafanaTarget target) {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    @JsonIgnore
    public boolean firing() {
        return FIRING.equals(status);
    }

    /** The identity of an alert occurrence: the same alert firing again later is a new occurrence. */
    @JsonIgnore
    public String key() {
        return fingerprint + "@" + startsAt.toEpochMilli();
    }

    @JsonIgnore
    public String name() {
        return labels.getOrDefault("alertname", "alert");
    }
}
