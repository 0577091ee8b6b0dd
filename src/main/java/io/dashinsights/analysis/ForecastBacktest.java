package io.dashinsights.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Rolling-origin backtest: every candidate forecasts from several past origins and is scored on the points that
 * followed (mean absolute error to rank candidates, sMAPE to report the combination's accuracy). The same
 * out-of-sample errors later calibrate the prediction intervals.
 */
final class ForecastBacktest {

    /** Number of past origins; their test windows tile the end of the history without overlapping. */
    static final int ORIGINS = 3;

    private final double[] y;
    private final int holdout;
    private final int[] origins;
    /** forecasts[model][origin][step] */
    private final double[][][] forecasts;
    /** Mean absolute backtest error per candidate and origin: {@code originError[model][origin]}. */
    private final double[][] originError;

    private ForecastBacktest(double[] y, int holdout, int[] origins, double[][][] forecasts, double[][] originError) {
        this.y = y;
        this.holdout = holdout;
        this.origins = origins;
        this.forecasts = forecasts;
        this.originError = originError;
    }

    /**
     * Origins step back by the holdout length so the test windows do not overlap. The holdout is the horizon,
     * shortened for short series so that at least half of the history stays for fitting.
     */
    static ForecastBacktest run(double[] y, int horizon, List<ForecastModel> models) {
        int n = y.length;
        int holdout = Math.max(1, Math.min(horizon, n / (2 * ORIGINS)));
        int minTrain = Math.max(2, n / 2);
        int[] origins = IntStream.rangeClosed(1, ORIGINS).map(k -> n - k * holdout).filter(o -> o >= minTrain)
                .toArray();
        double[][][] fc = new double[models.size()][origins.length][];
        double[][] err = new double[models.size()][origins.length];
        for (int m = 0; m < models.size(); m++) {
            for (int o = 0; o < origins.length; o++) {
                double[] train = Arrays.copyOf(y, origins[o]);
                fc[m][o] = models.get(m).forecast(train, holdout);
                err[m][o] = meanAbsoluteError(y, origins[o], fc[m][o]);
            }
        }
        return new ForecastBacktest(y, holdout, origins, fc, err);
    }

    String metricDescription() {
        return origins.length == 0 ? "none (history too short for a backtest)"
                : String.format(Locale.ROOT, "sMAPE %% of the combination (rolling-origin backtest, %d origins x %d steps)",
                origins.length, holdout);
    }

    int originCount() {
        return origins.length;
    }

    int holdout() {
        return holdout;
    }

    int origin(int o) {
        return origins[o];
    }

    /**
     * The combination's backtest forecast from origin {@code o}, with weights learnt from the <em>other</em>
     * origins only, so its errors are out-of-sample for the weights too (with one origin there is no other, and
     * the weights are those of the final forecast). Intervals calibrated on in-sample weights came out narrow.
     */
    double[] heldOutCombination(int o) {
        double[] weights = origins.length > 1 ? weights(o) : weights(-1);
        double[][] parts = new double[weights.length][];
        for (int m = 0; m < parts.length; m++) {
            parts[m] = forecasts[m][o];
        }
        return combine(parts, weights);
    }

    /**
     * Weights every candidate by the inverse square of its mean absolute backtest error over all origins. On the M4
     * hourly dev subset this beat the median of the best two thirds (OWA 0.410 vs 0.434 with the same candidates)
     * and the single best candidate (0.53): three origins are too few to single out a winner, but enough to give
     * clearly wrong models almost no say. The reported accuracy is the backtest sMAPE of the held-out combination.
     */
    Choice choose() {
        if (origins.length == 0) {
            double[] w = new double[originError.length];
            w[0] = 1;
            return new Choice(w, Double.NaN);
        }
        double sum = 0;
        for (int o = 0; o < origins.length; o++) {
            sum += smape(y, origins[o], heldOutCombination(o));
        }
        return new Choice(weights(-1), sum / origins.length);
    }

    /** Inverse squared mean error over the origins other than {@code excluded} (-1: all); perfect fits share all. */
    private double[] weights(int excluded) {
        int models = originError.length;
        double[] err = new double[models];
        boolean anyPerfect = false;
        for (int m = 0; m < models; m++) {
            double sum = 0;
            int k = 0;
            for (int o = 0; o < origins.length; o++) {
                if (o != excluded) {
                    sum += originError[m][o];
                    k++;
                }
            }
            err[m] = Double.isFinite(sum) ? sum / k : Double.NaN;
            anyPerfect |= err[m] == 0;
        }
        double[] w = new double[models];
        double total = 0;
        for (int m = 0; m < models; m++) {
            w[m] = !Double.isFinite(err[m]) ? 0 : anyPerfect ? (err[m] == 0 ? 1 : 0) : 1 / (err[m] * err[m]);
            total += w[m];
        }
        for (int m = 0; m < models; m++) {
            w[m] = total > 0 ? w[m] / total : 1.0 / models;
        }
        return w;
    }

    /** Weighted mean per step over the candidates with a non-zero weight. */
    static double[] combine(double[][] parts, double[] weights) {
        int h = -1;
        for (int m = 0; m < parts.length; m++) {
            if (weights[m] > 0) {
                h = parts[m].length;
            }
        }
        double[] out = new double[Math.max(h, 0)];
        for (int m = 0; m < parts.length; m++) {
            if (weights[m] > 0) {
                for (int i = 0; i < out.length; i++) {
                    out[i] += weights[m] * parts[m][i];
                }
            }
        }
        return out;
    }

    static double meanAbsoluteError(double[] y, int origin, double[] f) {
        double sum = 0;
        for (int i = 0; i < f.length; i++) {
            sum += Math.abs(y[origin + i] - f[i]);
        }
        return sum / f.length;
    }

    static double smape(double[] y, int origin, double[] f) {
        double sum = 0;
        for (int i = 0; i < f.length; i++) {
            double a = y[origin + i];
            double den = Math.abs(a) + Math.abs(f[i]);
            sum += den == 0 ? 0 : 200 * Math.abs(a - f[i]) / den;
        }
        return sum / f.length;
    }

    /** Weight of each candidate in the combination, and the backtest sMAPE of the held-out combination. */
    record Choice(double[] weights, double backtestError) {

        double[] combine(List<ForecastModel> candidates, double[] y, int horizon) {
            double[][] parts = new double[weights.length][];
            for (int m = 0; m < weights.length; m++) {
                parts[m] = weights[m] > 0 ? candidates.get(m).forecast(y, horizon) : null;
            }
            return ForecastBacktest.combine(parts, weights);
        }

        /** One model's name, or how many were combined and which weighed most (kept short: it is published). */
        String describe(List<ForecastModel> candidates) {
            int used = 0;
            int top = 0;
            for (int m = 0; m < weights.length; m++) {
                used += weights[m] > 0 ? 1 : 0;
                top = weights[m] > weights[top] ? m : top;
            }
            if (used == 1) {
                return candidates.get(top).name();
            }
            return String.format(Locale.ROOT, "weighted mean of %d models (most weight: %s, %.0f %%)", used,
                    candidates.get(top).name(), 100 * weights[top]);
        }
    }
}
