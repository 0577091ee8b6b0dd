package io.dashinsights.analysis;

/**
 * One metric's incident as it really lasted: from where the detector first fired to where the series came
 * back inside its expected band. Times are epoch milliseconds.
 *
 * @param endMs     the first sample back to normal, or the last sample of the window when {@code open}
 * @param peakValue the value farthest from {@code expected} inside the span (the true peak, not the first alert)
 * @param expected  what normal would have been at {@code peakMs}
 * @param score     the detector's highest score inside the span
 * @param open      still outside the band at the window's end: the next run extends it
 */
public record AnomalySpan(long startMs, long endMs, long peakMs, double peakValue, double expected, double score,
                          Severity severity, boolean open) {

    public long durationMs() {
        return endMs - startMs;
    }

    /** The peak's distance from normal relative to normal (0.9 = 90 % above); NaN when normal is 0. */
    public double relativeDeviation() {
        return expected == 0 ? Double.NaN : (peakValue - expected) / Math.abs(expected);
    }

    /** The same numbers as a detector region, for code that reads regions. */
    public AnomalyRegion asRegion() {
        return new AnomalyRegion(startMs, endMs, peakMs, peakValue, expected, score, severity);
    }
}
