package io.dashinsights.analysis;

/** Theil–Sen slope with a Mann–Kendall significance test; robust to outliers and gaps (NaN skipped). */
public final class TrendAnalyzer {

    private TrendAnalyzer() {
    }

    /** @param projectionSteps how many future steps (of the series' own step) to project */
    public static TrendReport analyze(Series series, int projectionSteps) {
        throw new UnsupportedOperationException("implemented in the analysis issue");
    }
}
