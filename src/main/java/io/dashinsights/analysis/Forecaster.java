package io.dashinsights.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Automatic forecaster: every candidate is backtested from a few past origins, the forecast is their mean weighted
 * by the inverse square of each one's backtest error, and the 95 % intervals come from the combination's own
 * out-of-sample backtest errors, widening with the horizon as those errors do.
 */
public final class Forecaster {

    /**
     * Seasonal indices of the decomposition models average only the last few cycles per position: profiles of
     * operational metrics drift, and on the M4 dev subset four cycles beat both two and all of them.
     */
    static final int RECENT_CYCLES = 4;

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;

    private Forecaster() {
    }

    /** Forecasts {@code horizon} steps after the last point; seasonal periods are derived from the step. */
    public static ForecastReport forecast(Series series, int horizon) {
        return forecast(series, horizon, derivePeriods(series.stepMillis(), series.size()));
    }

    /** Forecasts with explicit seasonal periods (in points); periods without two full cycles are ignored. */
    public static ForecastReport forecast(Series series, int horizon, int... periods) {
        double[] y = ForecastMath.interpolateGaps(series.values());
        int n = y.length;
        long step = series.stepMillis() > 0 ? series.stepMillis() : HOUR;
        long[] ts = new long[horizon];
        long last = n > 0 ? series.timestamps()[n - 1] : 0;
        for (int i = 0; i < horizon; i++) {
            ts[i] = last + (i + 1) * step;
        }
        if (n == 0) {
            return new ForecastReport(series.name(), "none (no data)", ts, nanArray(horizon), nanArray(horizon),
                    nanArray(horizon), "none", Double.NaN);
        }
        int[] usable = Arrays.stream(periods).filter(p -> p >= 2 && n >= 2 * p).distinct().sorted().toArray();
        List<ForecastModel> models = candidates(usable);
        ForecastBacktest backtest = ForecastBacktest.run(y, horizon, models);
        ForecastBacktest.Choice choice = backtest.choose();
        double[] mean = choice.combine(models, y, horizon);
        ForecastIntervals.Band band = ForecastIntervals.fromBacktest(y, mean, backtest);
        return new ForecastReport(series.name(), choice.describe(models), ts, mean, band.lower(), band.upper(),
                backtest.metricDescription(), choice.backtestError());
    }

    /**
     * Seasonal periods for a step: one day and one week when they are whole multiples of the step, kept only
     * when the history holds at least two full cycles (fewer gives no usable estimate of the shape).
     */
    static int[] derivePeriods(long stepMillis, int length) {
        if (stepMillis <= 0) {
            return new int[0];
        }
        List<Integer> periods = new ArrayList<>();
        for (long span : new long[] {DAY, WEEK}) {
            if (span % stepMillis == 0) {
                long p = span / stepMillis;
                if (p >= 2 && p <= Integer.MAX_VALUE && 2 * p <= length) {
                    periods.add((int) p);
                }
            }
        }
        return periods.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The candidate pool: seasonal naive per period, single and double seasonal Holt–Winters (multiplicative and
     * additive), SES / Theta / damped trend on the seasonally adjusted series, and the seasonal autoregression (on
     * logs, on raw values, and on logs over the last {@value #RECENT_CYCLES} cycles). Without a usable period only
     * the non-seasonal methods (naive, SES, Theta, damped, the short autoregressions) remain.
     */
    static List<ForecastModel> candidates(int[] periods) {
        List<ForecastModel> models = new ArrayList<>();
        if (periods.length == 0) {
            for (ForecastModel.Level level : ForecastModel.Level.values()) {
                models.add(ForecastModel.decomposed(periods, level, 0));
            }
            models.add(ForecastModel.autoregressive(periods, true, 0));
            models.add(ForecastModel.autoregressive(periods, false, 0));
            return models;
        }
        for (int p : periods) {
            models.add(ForecastModel.seasonalNaive(p));
        }
        for (int k = 1; k <= periods.length; k++) {
            int[] ps = Arrays.copyOf(periods, k);
            models.add(ForecastModel.holtWinters(ps, true));
            models.add(ForecastModel.holtWinters(ps, false));
        }
        for (ForecastModel.Level level : new ForecastModel.Level[] {ForecastModel.Level.SES,
                ForecastModel.Level.THETA, ForecastModel.Level.DAMPED}) {
            models.add(ForecastModel.decomposed(periods, level, RECENT_CYCLES));
        }
        models.add(ForecastModel.autoregressive(periods, true, 0));
        models.add(ForecastModel.autoregressive(periods, false, 0));
        models.add(ForecastModel.autoregressive(periods, true, RECENT_CYCLES));
        return models;
    }

    private static double[] nanArray(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
