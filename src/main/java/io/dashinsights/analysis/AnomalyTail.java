package io.dashinsights.analysis;

/**
 * Streaming peaks-over-threshold tail model for a non-negative statistic (Siffer et al., "Anomaly Detection
 * in Streams with Extreme Value Theory", KDD 2017, with an exponential tail): {@code u} tracks the
 * {@value #QUANTILE} quantile, excesses over {@code u} are modelled as exponential with their running mean,
 * so {@code P(X > x) = (1 - q) · exp(-(x - u)/meanExcess)}. Heavy-tailed statistics get a long tail and
 * so need larger values before they look rare; this is what makes scores comparable across series.
 */
final class AnomalyTail {

    static final double QUANTILE = Double.parseDouble(System.getProperty("q", "0.95"));
    private static final double LN10 = Math.log(10);
    private static final double BASE = -Math.log10(1 - QUANTILE);
    /** Exceedances the mean excess averages over. */
    private static final int EXCESS_WINDOW = 50;
    /** Quantile step as a fraction of the tail scale (stochastic-approximation quantile tracking). */
    private static final double QUANTILE_STEP = 0.05;
    /** Excesses are clipped at this many mean excesses when learning, so one anomaly cannot fatten the tail. */
    static final double EXCESS_CLIP = Double.parseDouble(System.getProperty("clip", "100"));

    private double u;
    private double meanExcess;
    private int exceedances;

    /** {@code -log10 P(X >= x)} under the current tail model; 0 at or below the tracked quantile. */
    double surprise(double x) {
        if (exceedances < 5 || !(x > u)) {
            return 0.0;
        }
        return BASE + (x - u) / (Math.max(meanExcess, 1e-12) * LN10);
    }

    /** Learns from {@code x} (call after {@link #surprise}, so a value never explains itself). */
    void learn(double x) {
        double step = QUANTILE_STEP * (exceedances == 0 ? Math.max(x, 1e-12) : Math.max(meanExcess, 1e-12));
        if (x > u) {
            exceedances++;
            double excess = meanExcess > 0 ? Math.min(x - u, EXCESS_CLIP * meanExcess) : x - u;
            meanExcess += (excess - meanExcess) / Math.min(exceedances, EXCESS_WINDOW);
            u += step * QUANTILE;
        } else {
            u -= step * (1 - QUANTILE);
        }
    }
}
