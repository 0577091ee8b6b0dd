package io.dashinsights.investigation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The statistics of the checks: how unusual a window is against its baseline, and who carries a change. */
final class Deviation {

    /** MAD → standard deviation for normal data. */
    private static final double MAD_SCALE = 1.4826;

    private Deviation() {
    }

    /** Mean of the finite values, NaN when there are none. */
    static double mean(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    /**
     * How many baseline spreads (median/MAD, robust to the odd spike in the baseline) the incident's mean lies from
     * the baseline's median. A flat baseline gets a floor of 1 % of its level, so a constant series that moves
     * slightly is not "infinitely" unusual.
     */
    static double robustZ(double[] baseline, double[] incident) {
        double[] b = Arrays.stream(baseline).filter(Double::isFinite).sorted().toArray();
        double inc = mean(incident);
        if (b.length < 3 || !Double.isFinite(inc)) {
            return Double.NaN;
        }
        double median = median(b);
        double[] dev = Arrays.stream(b).map(v -> Math.abs(v - median)).sorted().toArray();
        double spread = Math.max(MAD_SCALE * median(dev), Math.max(1e-12, 0.01 * Math.abs(median)));
        return (inc - median) / spread;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** One label value's level before and during the incident. */
    record Level(String value, double baseline, double incident) {
        double delta() {
            return incident - baseline;
        }
    }

    /** A label value's share of the change in the incident's direction. */
    record Share(String value, double share, double baseline, double incident) {
    }

    /**
     * Each value's share of the change in the incident's direction (for a rise: of the sum of the increases), largest
     * first. Empty when nothing moved that way.
     */
    static List<Share> shares(Map<String, double[]> levels, boolean upward) {
        List<Level> rows = new ArrayList<>();
        levels.forEach((v, l) -> rows.add(new Level(v, finite(l[0]), finite(l[1]))));
        double sign = upward ? 1 : -1;
        double total = rows.stream().mapToDouble(r -> Math.max(0, sign * r.delta())).sum();
        if (!(total > 0)) {
            return List.of();
        }
        return rows.stream().filter(r -> sign * r.delta() > 0)
                .map(r -> new Share(r.value(), sign * r.delta() / total, r.baseline(), r.incident()))
                .sorted(Comparator.comparingDouble(Share::share).reversed())
                .toList();
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
