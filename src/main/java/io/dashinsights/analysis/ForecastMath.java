package io.dashinsights.analysis;

import java.util.Arrays;

/**
 * Small numeric helpers shared by the forecasting and trend code (median, quantiles, gap filling, the
 * normal distribution), kept in one place so the analyses do not each grow their own copy.
 */
final class ForecastMath {

    private ForecastMath() {
    }

    /** Median of the finite values; NaN when there are none. Does not modify {@code values}. */
    static double median(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        return quantileSorted(finite, 0.5);
    }

    /** Linear-interpolation quantile (type 7) of an ascending array; NaN when empty. */
    static double quantileSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The k-th smallest (0-based) of {@code a[0, length)} by quickselect with a median-of-three pivot; reorders
     * that range in place. Expected linear time, which matters for the hundreds of thousands of Theil–Sen slopes.
     */
    static double select(double[] a, int length, int k) {
        int lo = 0;
        int hi = length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double pivot = medianOfThree(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double tmp = a[i];
                    a[i++] = a[j];
                    a[j--] = tmp;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    /**
     * Fills NaN/infinite gaps by linear interpolation between the neighbouring finite values; leading and
     * trailing gaps take the nearest finite value. An all-missing input becomes all zeros, since there is
     * nothing better to say about it.
     */
    static double[] interpolateGaps(double[] values) {
        double[] out = values.clone();
        int prev = -1;
        for (int i = 0; i <= out.length; i++) {
            if (i < out.length && !Double.isFinite(out[i])) {
                continue;
            }
            int gapStart = prev + 1;
            if (i > gapStart) {
                for (int k = gapStart; k < i; k++) {
                    if (prev < 0 && i == out.length) {
                        out[k] = 0;
                    } else if (prev < 0) {
                        out[k] = out[i];
                    } else if (i == out.length) {
                        out[k] = out[prev];
                    } else {
                        out[k] = out[prev] + (out[i] - out[prev]) * (k - prev) / (double) (i - prev);
                    }
                }
            }
            prev = i;
        }
        return out;
    }

    /** Standard normal CDF via the Abramowitz–Stegun 7.1.26 erf approximation (abs. error below 1.5e-7). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429))));
        double erf = 1 - poly * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /** Human-readable duration such as "7d", "36h", "90min" or "45s". */
    static String formatDuration(long millis) {
        long abs = Math.abs(millis);
        if (abs % 86_400_000L == 0 && abs >= 86_400_000L) {
            return millis / 86_400_000L + "d";
        }
        if (abs % 3_600_000L == 0 && abs >= 3_600_000L) {
            return millis / 3_600_000L + "h";
        }
        if (abs % 60_000L == 0 && abs >= 60_000L) {
            return millis / 60_000L + "min";
        }
        if (abs % 1000L == 0) {
            return millis / 1000L + "s";
        }
        return millis + "ms";
    }
}
