package io.dashinsights.analysis;

import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Seasonal autoregression fitted by least squares and iterated forward: the next value from the last three and
 * from the values one cycle back (lags {@code p-1, p, p+1} per seasonal period), on the log scale when the series
 * is positive so that a daily shape that scales with the level is one linear relation. It is the candidate that
 * carries a recent change of level or slope into the next cycles, which the decomposition and Holt–Winters
 * candidates smooth away; on the M4 hourly dev subset alone it beats every other candidate (OWA 0.451 vs 0.558
 * for the best Holt–Winters), in the spirit of the AR-on-logs models of the M4 hourly winner (Doornik et al.).
 */
final class SeasonalAutoregression {

    /** Fitting rows per coefficient below which the longest seasonal lags are dropped (too few to estimate). */
    private static final int ROWS_PER_COEFFICIENT = 5;
    /** Tiny ridge, relative to each diagonal entry, so collinear lags (a flat series) still give a solution. */
    private static final double RIDGE = 1e-6;

    private SeasonalAutoregression() {
    }

    static double[] forecast(double[] y, int horizon, int[] periods, boolean logScale) {
        int n = y.length;
        boolean log = logScale && ForecastModel.allPositive(y);
        int[] lags = lags(periods, n);
        double[] z = new double[n + horizon];
        for (int i = 0; i < n; i++) {
            z[i] = log ? Math.log(y[i]) : y[i];
        }
        // Numerically degenerate fits (or too little data for any lag) repeat the last value instead.
        double[] beta = lags.length == 0 ? null : fit(z, n, lags);
        for (int t = n; t < n + horizon; t++) {
            double v = beta == null ? (n > 0 ? z[n - 1] : 0) : beta[0];
            for (int j = 0; beta != null && j < lags.length; j++) {
                v += beta[j + 1] * z[t - lags[j]];
            }
            z[t] = v;
        }
        // An explosive fit (roots outside the unit circle) must not reach the combination as infinities: the path
        // is held within one historical range of what was seen.
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, z[i]);
            hi = Math.max(hi, z[i]);
        }
        double range = n > 0 ? hi - lo : 0;
        double[] f = new double[horizon];
        for (int i = 0; i < horizon; i++) {
            double v = Double.isFinite(z[n + i]) ? Math.max(lo - range, Math.min(hi + range, z[n + i]))
                    : (n > 0 ? z[n - 1] : 0);
            f[i] = log ? Math.exp(v) : v;
        }
        return f;
    }

    /** Lags 1–3 and {@code p-1, p, p+1} per period, dropping the longest periods while data is too short. */
    static int[] lags(int[] periods, int n) {
        int[] sorted = Arrays.stream(periods).filter(p -> p >= 2).sorted().toArray();
        for (int keep = sorted.length; keep >= 0; keep--) {
            TreeSet<Integer> set = new TreeSet<>(java.util.List.of(1, 2, 3));
            for (int k = 0; k < keep; k++) {
                set.add(sorted[k] - 1);
                set.add(sorted[k]);
                set.add(sorted[k] + 1);
            }
            int[] lags = set.stream().mapToInt(Integer::intValue).toArray();
            if (n - lags[lags.length - 1] >= ROWS_PER_COEFFICIENT * (lags.length + 1)) {
                return lags;
            }
        }
        return new int[0];
    }

    /** Least squares with an intercept over every row that has all lags, via the normal equations. */
    private static double[] fit(double[] z, int n, int[] lags) {
        int k = lags.length + 1;
        int maxLag = lags[lags.length - 1];
        double[][] xtx = new double[k][k];
        double[] xty = new double[k];
        double[] x = new double[k];
        x[0] = 1;
        for (int t = maxLag; t < n; t++) {
            for (int j = 0; j < lags.length; j++) {
                x[j + 1] = z[t - lags[j]];
            }
            for (int a = 0; a < k; a++) {
                xty[a] += x[a] * z[t];
                for (int b = 0; b <= a; b++) {
                    xtx[a][b] += x[a] * x[b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                xtx[a][b] = xtx[b][a];
            }
        }
        // A relative ridge keeps the matrix positive definite when lags are collinear (a flat series).
        for (int a = 0; a < k; a++) {
            xtx[a][a] += RIDGE * xtx[a][a] + 1e-12;
        }
        try {
            return new CholeskyDecomposition(new Array2DRowRealMatrix(xtx, false), 1e-15, 1e-300)
                    .getSolver().solve(new ArrayRealVector(xty, false)).toArray();
        } catch (MathIllegalArgumentException | MathArithmeticException e) {
            return null;
        }
    }
}
