package io.dashinsights.analysis;

import java.util.Arrays;

/**
 * 95 % prediction intervals from the out-of-sample errors of the rolling-origin backtest, so their width
 * reflects how wrong the chosen forecast actually was on this series rather than what a model assumes.
 */
final class ForecastIntervals {

    static final double LOWER_Q = 0.025;
    static final double UPPER_Q = 0.975;

    private ForecastIntervals() {
    }

    record Band(double[] lower, double[] upper) {
    }

    /**
     * For positive series the errors are taken as log ratios log(y/ŷ): hourly metrics err in proportion to
     * their level, so a multiplicative band is narrow at night and wide at the peak. Otherwise additive errors.
     */
    static Band fromBacktest(double[] y, double[] mean, ForecastBacktest backtest, ForecastBacktest.Choice choice) {
        if (backtest.originCount() == 0) {
            return fromRandomWalk(y, mean);
        }
        boolean multiplicative = ForecastModel.allPositive(y) && ForecastModel.allPositive(mean);
        int h = backtest.holdout();
        double[] errors = new double[backtest.originCount() * h];
        int k = 0;
        for (int o = 0; o < backtest.originCount(); o++) {
            double[] f = backtest.combinedForecast(choice, o);
            for (int i = 0; i < h; i++) {
                double actual = y[backtest.origin(o) + i];
                if (multiplicative && !(f[i] > 0)) {
                    multiplicative = false;
                }
                errors[k++] = multiplicative ? Math.log(actual / f[i]) : actual - f[i];
            }
        }
        if (!multiplicative) {
            // Recompute all errors additively so the sample is homogeneous.
            k = 0;
            for (int o = 0; o < backtest.originCount(); o++) {
                double[] f = backtest.combinedForecast(choice, o);
                for (int i = 0; i < h; i++) {
                    errors[k++] = y[backtest.origin(o) + i] - f[i];
                }
            }
        }
        Arrays.sort(errors);
        double lo = ForecastMath.quantileSorted(errors, LOWER_Q);
        double hi = ForecastMath.quantileSorted(errors, UPPER_Q);
        double[] lower = new double[mean.length];
        double[] upper = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            lower[i] = multiplicative ? mean[i] * Math.exp(lo) : mean[i] + lo;
            upper[i] = multiplicative ? mean[i] * Math.exp(hi) : mean[i] + hi;
        }
        return new Band(lower, upper);
    }

    /** Without a backtest: a random-walk band from the one-step changes, widening with sqrt(h). */
    private static Band fromRandomWalk(double[] y, double[] mean) {
        double ss = 0;
        for (int t = 1; t < y.length; t++) {
            ss += (y[t] - y[t - 1]) * (y[t] - y[t - 1]);
        }
        double sd = y.length > 1 ? Math.sqrt(ss / (y.length - 1)) : 0;
        double[] lower = new double[mean.length];
        double[] upper = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            double w = 1.96 * sd * Math.sqrt(i + 1);
            lower[i] = mean[i] - w;
            upper[i] = mean[i] + w;
        }
        return new Band(lower, upper);
    }
}
