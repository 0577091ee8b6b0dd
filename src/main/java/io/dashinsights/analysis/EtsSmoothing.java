package io.dashinsights.analysis;

/**
 * Non-seasonal exponential smoothing for (seasonally adjusted) series: simple, damped-trend (Gardner) and the
 * Theta method (SES with half the linear drift, Assimakopoulos–Nikolopoulos / Hyndman–Billah). Parameters are
 * chosen by a small grid search on the in-sample one-step squared error: the grids are coarse on purpose,
 * because accuracy is flat near the optimum and a grid is deterministic and fast.
 */
final class EtsSmoothing {

    private static final double[] ALPHAS = {0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3,
            0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    private static final double[] BETAS = {0.0, 0.02, 0.05, 0.1, 0.2};
    private static final double[] PHIS = {0.8, 0.9, 0.95, 0.98};

    private EtsSmoothing() {
    }

    /** SES: flat forecast at the last smoothed level. */
    static double[] ses(double[] y, int horizon) {
        double alpha = bestSesAlpha(y);
        double level = sesLevel(y, alpha);
        double[] f = new double[horizon];
        java.util.Arrays.fill(f, level);
        return f;
    }

    /**
     * Theta method: SES level plus half the OLS slope, with the drift term of Hyndman &amp; Billah (2003), which
     * equals the classic theta=2 line combination.
     */
    static double[] theta(double[] y, int horizon) {
        int n = y.length;
        double alpha = bestSesAlpha(y);
        double level = sesLevel(y, alpha);
        double slope = olsSlope(y);
        double[] f = new double[horizon];
        double start = (1 - Math.pow(1 - alpha, n)) / alpha;
        for (int h = 1; h <= horizon; h++) {
            f[h - 1] = level + 0.5 * slope * (h - 1 + start);
        }
        return f;
    }

    /** Additive damped-trend Holt: level + (phi + … + phi^h)·trend. */
    static double[] damped(double[] y, int horizon) {
        int n = y.length;
        double best = Double.POSITIVE_INFINITY;
        double[] bestState = {y[0], 0, 1};
        for (double alpha : ALPHAS) {
            for (double betaFraction : BETAS) {
                // beta is expressed as a share of alpha, which keeps the model in the usual admissible region.
                double beta = betaFraction * alpha;
                for (double phi : PHIS) {
                    double level = y[0];
                    double trend = n > 1 ? (y[Math.min(n - 1, 4)] - y[0]) / Math.min(n - 1, 4) : 0;
                    double sse = 0;
                    for (int t = 1; t < n; t++) {
                        double fc = level + phi * trend;
                        double e = y[t] - fc;
                        sse += e * e;
                        double newLevel = fc + alpha * e;
                        trend = phi * trend + beta * e;
                        level = newLevel;
                    }
                    if (sse < best) {
                        best = sse;
                        bestState = new double[] {level, trend, phi};
                    }
                }
            }
        }
        double[] f = new double[horizon];
        double damp = 0;
        double phiPow = 1;
        for (int h = 1; h <= horizon; h++) {
            phiPow *= bestState[2];
            damp += phiPow;
            f[h - 1] = bestState[0] + damp * bestState[1];
        }
        return f;
    }

    static double bestSesAlpha(double[] y) {
        double best = Double.POSITIVE_INFINITY;
        double bestAlpha = 0.5;
        for (double alpha : ALPHAS) {
            double level = y[0];
            double sse = 0;
            for (int t = 1; t < y.length; t++) {
                double e = y[t] - level;
                sse += e * e;
                level += alpha * e;
            }
            if (sse < best) {
                best = sse;
                bestAlpha = alpha;
            }
        }
        return bestAlpha;
    }

    static double sesLevel(double[] y, double alpha) {
        double level = y[0];
        for (int t = 1; t < y.length; t++) {
            level += alpha * (y[t] - level);
        }
        return level;
    }

    static double olsSlope(double[] y) {
        int n = y.length;
        if (n < 2) {
            return 0;
        }
        double tMean = (n - 1) / 2.0;
        double yMean = ForecastMath.mean(y, 0, n);
        double num = 0;
        double den = 0;
        for (int t = 0; t < n; t++) {
            num += (t - tMean) * (y[t] - yMean);
            den += (t - tMean) * (t - tMean);
        }
        return num / den;
    }
}
