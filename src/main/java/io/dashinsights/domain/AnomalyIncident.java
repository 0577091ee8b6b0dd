package io.dashinsights.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dashinsights.analysis.Severity;

import java.time.Instant;

/**
 * One metric outside its expected band from {@code start} to {@code end}. {@code expected} is the detector's
 * baseline at the peak, so "value vs expected" is published from our numbers.
 */
// Stored results outlive the version that wrote them: fields added or dropped since are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnomalyIncident(String metric, Instant start, Instant end, Instant peakTime, double peakValue,
                              double expected, double score, Severity severity, String explanation, String author)
        implements Finding {
}
