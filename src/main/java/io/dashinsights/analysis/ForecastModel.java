package io.dashinsights.analysis;

import java.util.ArrayList;
import java.util.List;

/** A candidate point-forecast model: gap-free history in, {@code horizon} forecasts out. */
interface ForecastModel {

    String name();

    double[] forecast(double[] y, int horizon);

    /** How the seasonally adjusted series is extrapolated. */
    enum Level { NAIVE, SES, THETA, DAMPED }

    static ForecastModel of(String name, java.util.function.BiFunction<double[], Integer, double[]> fn) {
        return new ForecastModel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double[] forecast(double[] y, int horizon) {
                return fn.apply(y, horizon);
            }
        };
    }

    /** Repeats the last full cycle of length {@code period}. */
    static ForecastModel seasonalNaive(int period) {
        return of("seasonal naive (" + period + ")", (y, h) -> {
            double[] f = new double[h];
            int n = y.length;
            for (int i = 0; i < h; i++) {
                f[i] = y[n - period + (i % period)];
            }
            return f;
        });
    }

    /**
     * Sequential classical decomposition over {@code periods} (each estimated on the series adjusted for the
     * previous ones, so a weekly index only has to explain what the daily one left), then a non-seasonal method
     * on the adjusted series; with no periods the method runs on the raw series. Indices average the last
     * {@code maxCycles} cycles. Multiplicative when every value is positive, since hourly metrics usually swing
     * in proportion to their level; additive otherwise.
     */
    static ForecastModel decomposed(int[] periods, Level level, int maxCycles) {
        StringBuilder name = new StringBuilder(level.name().toLowerCase(java.util.Locale.ROOT));
        if (periods.length > 0) {
            name.append(" on seasonally adjusted (");
            for (int i = 0; i < periods.length; i++) {
                name.append(i == 0 ? "" : "+").append(periods[i]);
            }
            name.append(')');
        }
        return of(name.toString(), (y, h) -> {
            boolean multiplicative = allPositive(y);
            double[] adjusted = y;
            List<double[]> indices = new ArrayList<>();
            for (int p : periods) {
                double[] idx = SeasonalDecomposition.indices(adjusted, p, multiplicative, maxCycles);
                indices.add(idx);
                adjusted = SeasonalDecomposition.adjust(adjusted, idx, multiplicative);
            }
            double[] f = switch (level) {
                case NAIVE -> {
                    double[] g = new double[h];
                    java.util.Arrays.fill(g, adjusted[adjusted.length - 1]);
                    yield g;
                }
                case SES -> EtsSmoothing.ses(adjusted, h);
                case THETA -> EtsSmoothing.theta(adjusted, h);
                case DAMPED -> EtsSmoothing.damped(adjusted, h);
            };
            for (double[] idx : indices) {
                f = SeasonalDecomposition.reseasonalize(f, idx, multiplicative, y.length);
            }
            return f;
        });
    }

    /**
     * Holt–Winters with evolving seasonal indices; the multiplicative form is only used for positive data and
     * falls back to additive otherwise.
     */
    static ForecastModel holtWinters(int[] periods, boolean multiplicative) {
        StringBuilder name = new StringBuilder(multiplicative ? "multiplicative" : "additive")
                .append(" Holt-Winters (");
        for (int i = 0; i < periods.length; i++) {
            name.append(i == 0 ? "" : "+").append(periods[i]);
        }
        return of(name.append(')').toString(),
                (y, h) -> SeasonalHoltWinters.forecast(y, h, periods, multiplicative && allPositive(y)));
    }

    /**
     * {@link SeasonalAutoregression} on the log scale (for positive data; raw otherwise) or on the raw values;
     * with {@code recentCycles > 0} fitted on the last that many cycles of the longest period only, so it follows
     * a recent change of regime.
     */
    static ForecastModel autoregressive(int[] periods, boolean log, int recentCycles) {
        StringBuilder name = new StringBuilder("seasonal AR");
        name.append(log ? " on logs (" : " (");
        for (int i = 0; i < periods.length; i++) {
            name.append(i == 0 ? "" : "+").append(periods[i]);
        }
        name.append(periods.length == 0 ? "no season" : "").append(')');
        int longest = java.util.Arrays.stream(periods).max().orElse(0);
        if (recentCycles > 0 && longest > 0) {
            name.append(", last ").append(recentCycles).append(" cycles");
        }
        return of(name.toString(), (y, h) -> {
            double[] fit = y;
            if (recentCycles > 0 && longest > 0 && y.length > recentCycles * longest) {
                fit = java.util.Arrays.copyOfRange(y, y.length - recentCycles * longest, y.length);
            }
            return SeasonalAutoregression.forecast(fit, h, periods, log);
        });
    }

    static boolean allPositive(double[] y) {
        for (double v : y) {
            if (!(v > 0)) {
                return false;
            }
        }
        return true;
    }
}
