package io.dashinsights.analysis;

import java.util.Arrays;
import java.util.Comparator;
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
    /** Mean absolute backtest error per candidate, the ranking criterion. */
    private final double[] error;

    private ForecastBacktest(double[] y, int holdout, int[] origins, double[][][] forecasts, double[] error) {
        this.y = y;
        this.holdout = holdout;
        this.origins = origins;
        this.forecasts = forecasts;
        this.error = error;
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
        double[] err = new double[models.size()];
        for (int m = 0; m < models.size(); m++) {
            double sum = 0;
            for (int o = 0; o < origins.length; o++) {
                double[] train = Arrays.copyOf(y, origins[o]);
                fc[m][o] = models.get(m).forecast(train, holdout);
                sum += meanAbsoluteError(y, origins[o], fc[m][o]);
            }
            err[m] = origins.length == 0 ? Double.NaN : sum / origins.length;
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

    /** The chosen candidates' backtest forecasts combined the same way as the final forecast. */
    double[] combinedForecast(Choice choice, int o) {
        double[][] parts = new double[choice.models().length][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = forecasts[choice.models()[i]][o];
        }
        return combine(parts);
    }

    /**
     * Ranks candidates by backtest mean absolute error and keeps the best {@code top} (ties broken by list
     * order). MAE rather than sMAPE ranks them because within one series it is scale-free anyway and, unlike
     * sMAPE, does not favour forecasts that err on the high side at low values.
     */
    Choice choose(int top) {
        if (origins.length == 0) {
            return new Choice(new int[] {0}, Double.NaN);
        }
        Integer[] order = IntStream.range(0, error.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> Double.isFinite(error[i]) ? error[i] : Double.MAX_VALUE));
        int[] chosen = Arrays.stream(order).limit(Math.min(top, order.length)).mapToInt(Integer::intValue).toArray();
        Choice provisional = new Choice(chosen, Double.NaN);
        double sum = 0;
        for (int o = 0; o < origins.length; o++) {
            sum += smape(y, origins[o], combinedForecast(provisional, o));
        }
        return new Choice(chosen, sum / origins.length);
    }

    /** Median across models per step (for two models the mean): robust to one model going astray. */
    static double[] combine(double[][] parts) {
        int h = parts[0].length;
        double[] out = new double[h];
        double[] column = new double[parts.length];
        for (int i = 0; i < h; i++) {
            for (int m = 0; m < parts.length; m++) {
                column[m] = parts[m][i];
            }
            out[i] = ForecastMath.median(column);
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

    /** Indices of the combined candidates, and the backtest sMAPE of their combination. */
    record Choice(int[] models, double backtestError) {

        double[] combine(List<ForecastModel> candidates, double[] y, int horizon) {
            double[][] parts = new double[models.length][];
            for (int i = 0; i < models.length; i++) {
                parts[i] = candidates.get(models[i]).forecast(y, horizon);
            }
            return ForecastBacktest.combine(parts);
        }

        String describe(List<ForecastModel> candidates) {
            if (models.length == 1) {
                return candidates.get(models[0]).name();
            }
            StringBuilder sb = new StringBuilder(models.length >= 3 ? "median of [" : "mean of [");
            for (int i = 0; i < models.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(candidates.get(models[i]).name());
            }
            return sb.append(']').toString();
        }
    }
}
