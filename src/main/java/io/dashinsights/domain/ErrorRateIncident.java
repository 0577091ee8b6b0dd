package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/**
 * An error rate above the threshold, from an alert webhook or an {@code error_rate} dashboard's check.
 * {@code errorRate} and {@code threshold} are ratios (0.07 = 7 %) we measured, never the alert's own words;
 * {@code end} is null while it fires.
 */
// Stored results outlive the version that wrote them: fields added or dropped since are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorRateIncident(String alertName, Map<String, String> labels, double errorRate, double threshold,
                                String rateSource, Instant start, Instant end, String explanation, String author)
        implements Finding {

    public ErrorRateIncident {
        // Kept in the order the alert listed them: the headline shows them that way.
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    }
}
