package io.dashinsights.analysis;

/**
 * Classical seasonal decomposition (centred moving average, then per-position averages of the detrended
 * values), as R's {@code decompose} does it. Seasonal positions are aligned to the array index, so position
 * {@code t % period} of a later point, including forecast points, takes {@code indices[t % period]}.
 */
public final class SeasonalDecomposition {

    private SeasonalDecomposition() {
    }

    /**
     * Seasonal indices from all cycles: ratios (multiplicative) or differences (additive) to the centred moving
     * average, averaged per position, normalised to mean 1 (resp. 0). Needs at least two full periods.
     */
    public static double[] classicalIndices(double[] y, int period, boolean multiplicative) {
        return indices(y, period, multiplicative, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #classicalIndices} but averaging only the most recent {@code maxCycles} detrended values per
     * position, because the seasonal shape of operational metrics drifts and old cycles describe it poorly.
     */
    static double[] indices(double[] y, int period, boolean multiplicative, int maxCycles) {
        int n = y.length;
        double[] trend = centredMovingAverage(y, period);
        double[] sum = new double[period];
        int[] count = new int[period];
        for (int t = n - 1; t >= 0; t--) {
            if (Double.isNaN(trend[t])) {
                continue;
            }
            int pos = t % period;
            if (count[pos] >= maxCycles) {
                continue;
            }
            double detrended = multiplicative ? y[t] / trend[t] : y[t] - trend[t];
            if (Double.isFinite(detrended)) {
                sum[pos] += detrended;
                count[pos]++;
            }
        }
        double[] idx = new double[period];
        double total = 0;
        for (int p = 0; p < period; p++) {
            idx[p] = count[p] > 0 ? sum[p] / count[p] : (multiplicative ? 1 : 0);
            total += idx[p];
        }
        double norm = total / period;
        for (int p = 0; p < period; p++) {
            if (multiplicative) {
                idx[p] = norm != 0 ? idx[p] / norm : 1;
            } else {
                idx[p] -= norm;
            }
        }
        return idx;
    }

    /** 2×m moving average for even m (m-term for odd m), NaN where the window does not fit. */
    static double[] centredMovingAverage(double[] y, int period) {
        int n = y.length;
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        int half = period / 2;
        // Prefix sums make every window O(1).
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + y[i];
        }
        for (int t = half; t + half < n; t++) {
            if (period % 2 == 1) {
                out[t] = (prefix[t + half + 1] - prefix[t - half]) / period;
            } else {
                double inner = prefix[t + half] - prefix[t - half + 1];
                out[t] = (inner + 0.5 * y[t - half] + 0.5 * y[t + half]) / period;
            }
        }
        return out;
    }

    /** Removes the seasonal component: divides (multiplicative) or subtracts (additive) the indices. */
    static double[] adjust(double[] y, double[] idx, boolean multiplicative) {
        double[] out = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            double s = idx[t % idx.length];
            out[t] = multiplicative ? y[t] / s : y[t] - s;
        }
        return out;
    }

    /** Puts the seasonal component back onto forecasts that start at array position {@code offset}. */
    static double[] reseasonalize(double[] f, double[] idx, boolean multiplicative, int offset) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            double s = idx[(offset + i) % idx.length];
            out[i] = multiplicative ? f[i] * s : f[i] + s;
        }
        return out;
    }
}
