package io.dashinsights.analysis;

/**
 * A run of consecutive anomalous points. {@code expected} is the detector's baseline at the peak, so
 * "value vs expected" can be published without the LLM inventing it.
 */
public record AnomalyRegion(long startMs, long endMs, long peakMs, double peakValue, double expected,
                            double score, Severity severity) {
}
