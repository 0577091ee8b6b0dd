package io.dashinsights.analysis;

import java.util.Arrays;

/** Theil–Sen slope with a Mann–Kendall significance test; robust to outliers and gaps (NaN skipped). */
public final class TrendAnalyzer {

    /** Two-sided significance level of the Mann–Kendall test below which a trend counts as UP/DOWN. */
    static final double SIGNIFICANCE = 0.05;

    /**
     * Theil–Sen uses all pairs of at most this many points. Beyond it, an evenly spaced deterministic subsample
     * of this size is used: ~125 k pairwise slopes keep a 10k-point series well under 100 ms even on a busy
     * machine, and the median of slopes over 500 evenly spread points is already far more precise than the noise
     * in typical metrics.
     */
    static final int MAX_THEIL_SEN_POINTS = 500;

    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private TrendAnalyzer() {
    }

    /** @param projectionSteps how many future steps (of the series' own step) to project */
    public static TrendReport analyze(Series series, int projectionSteps) {
        long[] ts = series.timestamps();
        double[] vs = series.values();
        int n = 0;
        for (double v : vs) {
            if (Double.isFinite(v)) {
                n++;
            }
        }
        // Time is measured in hours since the series' first timestamp, so the intercept is the fitted value there.
        double[] t = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; i < vs.length; i++) {
            if (Double.isFinite(vs[i])) {
                t[k] = (ts[i] - ts[0]) / MILLIS_PER_HOUR;
                y[k++] = vs[i];
            }
        }

        double slope = n >= 2 ? theilSenSlope(t, y) : 0;
        double intercept = n == 0 ? Double.NaN : interceptFor(t, y, slope);

        double z = 0;
        double p = 1;
        if (n >= 3) {
            double s = mannKendallS(y);
            double var = mannKendallVariance(y);
            if (var > 0) {
                // Continuity correction as in the standard Mann–Kendall test.
                z = s > 0 ? (s - 1) / Math.sqrt(var) : s < 0 ? (s + 1) / Math.sqrt(var) : 0;
                p = 2 * (1 - ForecastMath.normalCdf(Math.abs(z)));
            }
        }
        Direction direction = p < SIGNIFICANCE ? (z > 0 ? Direction.UP : Direction.DOWN) : Direction.STABLE;

        double growth = Double.NaN;
        String basis;
        if (n >= 2) {
            double start = intercept + slope * t[0];
            double end = intercept + slope * t[n - 1];
            long windowMillis = Math.round((t[n - 1] - t[0]) * MILLIS_PER_HOUR);
            String window = ForecastMath.formatDuration(windowMillis);
            if (Math.abs(start) > 1e-12 * Math.max(1, Math.abs(end))) {
                growth = (end - start) / Math.abs(start) * 100;
                basis = "fitted change over " + window + " relative to fitted start value";
            } else {
                basis = "undefined: fitted start value over " + window + " is zero";
            }
        } else {
            basis = "undefined: fewer than two valid points";
        }

        long step = series.stepMillis();
        int steps = step > 0 && n > 0 ? Math.max(0, projectionSteps) : 0;
        long[] projTs = new long[steps];
        double[] proj = new double[steps];
        for (int i = 0; i < steps; i++) {
            projTs[i] = ts[ts.length - 1] + (i + 1) * step;
            proj[i] = intercept + slope * ((projTs[i] - ts[0]) / MILLIS_PER_HOUR);
        }
        return new TrendReport(series.name(), direction, slope, intercept, growth, basis, z, p, n, projTs, proj);
    }

    /** Median of pairwise slopes over all pairs, or over an evenly spaced subsample for long series. */
    static double theilSenSlope(double[] t, double[] y) {
        int n = t.length;
        int m = Math.min(n, MAX_THEIL_SEN_POINTS);
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = m == n ? i : (int) Math.round(i * (n - 1) / (double) (m - 1));
        }
        double[] slopes = new double[m * (m - 1) / 2];
        int c = 0;
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                double dt = t[idx[b]] - t[idx[a]];
                if (dt != 0) {
                    slopes[c++] = (y[idx[b]] - y[idx[a]]) / dt;
                }
            }
        }
        if (c == 0) {
            return 0;
        }
        // Selection instead of a full sort: linear time on the ~125 k slopes.
        double upper = ForecastMath.select(slopes, c, c / 2);
        return c % 2 == 1 ? upper : 0.5 * (upper + ForecastMath.select(slopes, c, c / 2 - 1));
    }

    private static double interceptFor(double[] t, double[] y, double slope) {
        double[] residual = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            residual[i] = y[i] - slope * t[i];
        }
        return ForecastMath.median(residual);
    }

    /**
     * Mann–Kendall S = Σ_{i<j} sign(y_j − y_i) in O(n log n): with values in time order, S = concordant −
     * discordant pairs, where discordant pairs are strict inversions (counted by merge sort) and tied pairs count
     * for neither.
     */
    static double mannKendallS(double[] y) {
        long n = y.length;
        long totalPairs = n * (n - 1) / 2;
        long ties = 0;
        for (long t : tieGroupSizes(y)) {
            ties += t * (t - 1) / 2;
        }
        long discordant = countStrictInversions(y.clone(), new double[y.length], 0, y.length);
        long concordant = totalPairs - ties - discordant;
        return concordant - discordant;
    }

    /** Var(S) with the tie correction: [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18. */
    static double mannKendallVariance(double[] y) {
        double n = y.length;
        double var = n * (n - 1) * (2 * n + 5);
        for (long t : tieGroupSizes(y)) {
            var -= (double) t * (t - 1) * (2 * t + 5);
        }
        return var / 18;
    }

    private static long[] tieGroupSizes(double[] y) {
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        long[] groups = new long[sorted.length];
        int g = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) {
                j++;
            }
            if (j > i) {
                groups[g++] = j - i + 1;
            }
            i = j + 1;
        }
        return Arrays.copyOf(groups, g);
    }

    /** Sorts a[from, to) and returns the number of pairs i < j with a[i] > a[j] (equal values not counted). */
    private static long countStrictInversions(double[] a, double[] buf, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long count = countStrictInversions(a, buf, from, mid) + countStrictInversions(a, buf, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            if (a[i] <= a[j]) {
                buf[k++] = a[i++];
            } else {
                count += mid - i;
                buf[k++] = a[j++];
            }
        }
        while (i < mid) {
            buf[k++] = a[i++];
        }
        while (j < to) {
            buf[k++] = a[j++];
        }
        System.arraycopy(buf, from, a, from, to - from);
        return count;
    }
}
