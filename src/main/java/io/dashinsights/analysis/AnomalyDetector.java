package io.dashinsights.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Causal, streaming anomaly detector: {@link #update} scores a point from that point and earlier
 * ones only, keeping small state per series. One instance per series.
 */
public final class AnomalyDetector {

    /** Score at or above which a point counts as anomalous. */
    public static final double THRESHOLD = 0.5;

    public AnomalyDetector() {
    }

    /** Feeds the next sample (NaN = missing) and returns its anomaly score in [0,1]. */
    public double update(long timestampMs, double value) {
        throw new UnsupportedOperationException("implemented in the analysis issue");
    }

    /** Scores a whole series with a fresh detector and groups anomalous points into regions. */
    public static AnomalyReport analyze(Series series) {
        throw new UnsupportedOperationException("implemented in the analysis issue");
    }
}
