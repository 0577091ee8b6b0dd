package io.dashinsights.analysis;

/**
 * HTM-style anomaly likelihood: how unusual the recent mean of a raw surprise signal is compared with
 * the long-run distribution of that signal. A short window catches sustained changes (noise bursts,
 * shifted patterns) whose single points look ordinary. Returns {@code -log10} of the Gaussian tail
 * probability, so scores are comparable across series whatever the raw signal's scale.
 */
final class AnomalyLikelihood {

    private final double[] recent;
    private final double longAlpha;
    private int n;
    private double sum;
    private double mean;
    private double var;

    AnomalyLikelihood(int shortWindow, int longWindow) {
        this.recent = new double[shortWindow];
        this.longAlpha = 1.0 / longWindow;
    }

    /** Adds a raw value and returns {@code -log10 P(short-window mean this high)}. */
    double update(double raw) {
        int w = recent.length;
        sum += raw - recent[n % w];
        recent[n % w] = raw;
        n++;
        double shortMean = sum / Math.min(n, w);
        double sd = Math.sqrt(var) + 1e-9;
        double surprise = n > w ? AnomalyMath.minusLog10UpperTail((shortMean - mean) / sd) : 0.0;
        // Long-run stats learn after scoring, with a warm-up average so early values are not overweighted.
        double a = Math.max(longAlpha, 1.0 / n);
        double d = raw - mean;
        mean += a * d;
        var = (1 - a) * (var + a * d * d);
        return surprise;
    }
}
