package io.dashinsights.analysis;

/**
 * Holt–Winters exponential smoothing with one or two seasonal cycles (Taylor's double-seasonal form for
 * day + week) and no trend: over a two-day horizon the level and the evolving seasonal shape matter far more
 * than a slope, and an extrapolated slope is the classic way to ruin hourly forecasts. Unlike a fixed
 * decomposition, the seasonal indices keep adapting, which suits metrics whose daily profile drifts.
 */
final class SeasonalHoltWinters {

    private static final double[] ALPHAS = {0.0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9};
    private static final double[] GAMMAS = {0.0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9, 1.0};
    /** Coarser grid for the weekly indices: each is updated only once a week, so fine steps barely matter. */
    private static final double[] WEEKLY_GAMMAS = {0.0, 0.05, 0.2, 0.5, 1.0};

    private SeasonalHoltWinters() {
    }

    /**
     * @param periods one or two seasonal periods, the shorter first
     * @param multiplicative seasonal factors multiply the level (needs positive data) instead of adding to it
     */
    static double[] forecast(double[] y, int horizon, int[] periods, boolean multiplicative) {
        double[][] init = new double[periods.length][];
        double[] adjusted = y;
        for (int k = 0; k < periods.length; k++) {
            // Initial shape from the first cycles only, so the errors the fit is judged on are out-of-sample.
            int len = Math.min(y.length, 3 * periods[k]);
            init[k] = SeasonalDecomposition.indices(java.util.Arrays.copyOf(adjusted, len), periods[k],
                    multiplicative, Integer.MAX_VALUE);
            adjusted = SeasonalDecomposition.adjust(adjusted, init[k], multiplicative);
        }
        double level0 = ForecastMath.mean(adjusted, 0, Math.min(adjusted.length, periods[0]));

        double best = Double.POSITIVE_INFINITY;
        double[] bestParams = {0.1, 0.05, 0.05};
        double[] gammas2 = periods.length > 1 ? WEEKLY_GAMMAS : new double[] {0};
        for (double alpha : ALPHAS) {
            for (double g1 : GAMMAS) {
                for (double g2 : gammas2) {
                    double sse = run(y, periods, init, level0, multiplicative, alpha, g1, g2, null, 0);
                    if (sse < best) {
                        best = sse;
                        bestParams = new double[] {alpha, g1, g2};
                    }
                }
            }
        }
        double[] f = new double[horizon];
        run(y, periods, init, level0, multiplicative, bestParams[0], bestParams[1], bestParams[2], f, horizon);
        return f;
    }

    /** Runs the recursions; returns the day-ahead squared error and, when {@code out} is given, the forecasts. */
    private static double run(double[] y, int[] periods, double[][] init, double level0, boolean mult,
                              double alpha, double g1, double g2, double[] out, int horizon) {
        int n = y.length;
        double[] s1 = init[0].clone();
        double[] s2 = periods.length > 1 ? init[1].clone() : null;
        int m1 = periods[0];
        int m2 = periods.length > 1 ? periods[1] : 1;
        double level = level0;
        // Levels of the last m1 steps: the fit criterion is the error of the forecast made m1 steps earlier.
        // The seasonal indices used for y[t] were last updated at t - m1 or before, so that forecast is simply
        // the old level with today's indices. Judging parameters one day ahead rather than one step ahead stops
        // the search from rewarding a level that chases every wiggle, which forecasts two days badly.
        double[] levels = new double[m1];
        java.util.Arrays.fill(levels, level0);
        double sse = 0;
        for (int t = 0; t < n; t++) {
            double a = s1[t % m1];
            double b = s2 == null ? (mult ? 1 : 0) : s2[t % m2];
            double past = levels[t % m1];
            levels[t % m1] = level;
            if (t >= 2 * m1) {
                double fcAhead = mult ? past * a * b : past + a + b;
                double eAhead = y[t] - fcAhead;
                sse += mult ? Math.pow(eAhead / Math.max(Math.abs(fcAhead), 1e-9), 2) : eAhead * eAhead;
            }
            double newLevel;
            if (mult) {
                newLevel = alpha * y[t] / (a * b) + (1 - alpha) * level;
                s1[t % m1] = g1 * y[t] / (newLevel * b) + (1 - g1) * a;
                if (s2 != null) {
                    s2[t % m2] = g2 * y[t] / (newLevel * a) + (1 - g2) * b;
                }
            } else {
                newLevel = alpha * (y[t] - a - b) + (1 - alpha) * level;
                s1[t % m1] = g1 * (y[t] - newLevel - b) + (1 - g1) * a;
                if (s2 != null) {
                    s2[t % m2] = g2 * (y[t] - newLevel - a) + (1 - g2) * b;
                }
            }
            level = newLevel;
        }
        if (out != null) {
            for (int i = 0; i < horizon; i++) {
                int t = n + i;
                double a = s1[t % m1];
                double b = s2 == null ? (mult ? 1 : 0) : s2[t % m2];
                out[i] = mult ? level * a * b : level + a + b;
            }
        }
        return sse;
    }
}
