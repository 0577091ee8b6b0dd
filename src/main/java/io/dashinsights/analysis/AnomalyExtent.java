package io.dashinsights.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long an incident really lasted and how big it got. The causal detector is right about when an incident
 * starts (that is what NAB scores), but its alert damping and its self-adapting baseline make its regions end
 * after the first few points: a 40-minute incident became one sample. This class keeps the detector's start and
 * grows each region, undamped, while the series stays outside its expected band on the same side, so the span
 * ends when the metric is back to normal; the peak is the largest deviation inside it. Low-severity regions keep
 * the detector's extent: marginal evidence is not an incident whose length is worth measuring.
 *
 * <p>The expected band comes from the samples just before the start (never from the incident itself): the
 * level is their median, adjusted by the daily shape at the same time of day on earlier days where those are
 * known and were normal; the width is {@value #BAND} robust standard deviations of the reference residuals
 * (MAD), and at least of the sample-to-sample noise, so a slowly cycling series does not look calmer than it is.
 */
public final class AnomalyExtent {

    /** Band half-width in robust standard deviations. */
    static final double BAND = 3.0;
    /** Normal samples needed before an incident to know what normal is. */
    static final int MIN_REFERENCE = 8;
    /** Normal samples before the start that define the level and the band. */
    static final int REFERENCE = 30;
    /** Samples back inside the band that the span may bridge (noise inside a real incident). */
    static final int GAP = 2;
    /** Earlier days whose same time of day gives the daily shape. */
    private static final int DAYS = 3;
    private static final long DAY_MS = 86_400_000L;
    private static final double MAD_TO_SIGMA = 1.4826;

    private AnomalyExtent() {
    }

    /** The detector's regions of {@code series}, each grown to its true extent; overlapping ones become one span. */
    public static List<AnomalySpan> measure(Series series, AnomalyReport report) {
        long[] ts = series.timestamps();
        double[] v = series.values();
        int n = series.size();
        boolean[] incident = new boolean[n];
        List<AnomalySpan> spans = new ArrayList<>();
        int coveredUpTo = -1;
        for (AnomalyRegion region : report.regions()) {
            int start = indexOf(ts, region.startMs());
            if (start <= coveredUpTo) {
                continue; // a repeat alert (or the return to normal) inside a span already measured
            }
            int detectorEnd = Math.max(start, indexOf(ts, region.endMs()));
            Band band = Band.before(series, start, incident);
            AnomalySpan span;
            int last;
            if (band == null || region.severity() == Severity.LOW) {
                // Too little normal history to know the band, or marginal evidence that is no incident to measure
                // (growing it would measure the daily cycle instead): the detector's own region is all we say.
                last = detectorEnd;
                span = span(series, report, start, last, n, null, region);
            } else {
                double peakDeviation = region.peakValue() - band.expected(indexOf(ts, region.peakMs()));
                double sign = peakDeviation >= 0 ? 1 : -1;
                last = start;
                int inside = 0;
                for (int i = start + 1; i < n; i++) {
                    if (!Double.isFinite(v[i])) {
                        continue;
                    }
                    if (sign * (v[i] - band.expected(i)) > band.width()) {
                        last = i;
                        inside = 0;
                    } else if (++inside > GAP) {
                        break;
                    }
                }
                last = Math.max(last, detectorEnd);
                span = span(series, report, start, last, n, band, region);
            }
            for (int i = start; i <= last; i++) {
                incident[i] = true;
            }
            // The first normal sample is where the detector often fires again (the return is a jump too).
            coveredUpTo = span.open() ? n - 1 : indexOf(ts, span.endMs());
            spans.add(span);
        }
        return List.copyOf(spans);
    }

    private static AnomalySpan span(Series series, AnomalyReport report, int start, int last, int n, Band band,
                                    AnomalyRegion region) {
        long[] ts = series.timestamps();
        double[] v = series.values();
        int peak = start;
        double peakDistance = -1;
        double score = 0;
        for (int i = start; i <= last; i++) {
            if (i < report.scores().length) {
                score = Math.max(score, report.scores()[i]);
            }
            if (!Double.isFinite(v[i])) {
                continue;
            }
            double distance = Math.abs(v[i] - (band == null ? region.expected() : band.expected(i)));
            if (distance > peakDistance) {
                peakDistance = distance;
                peak = i;
            }
        }
        int back = nextFinite(v, last + 1);
        boolean open = back < 0;
        long end = open ? ts[lastFinite(v, n - 1, last)] : ts[back];
        double expected = band == null ? region.expected() : band.expected(peak);
        score = Math.max(score, region.score());
        return new AnomalySpan(ts[start], end, ts[peak], v[peak], expected, score, AnomalyDetector.severity(score), open);
    }

    private static int nextFinite(double[] v, int from) {
        for (int i = from; i < v.length; i++) {
            if (Double.isFinite(v[i])) {
                return i;
            }
        }
        return -1;
    }

    private static int lastFinite(double[] v, int from, int floor) {
        for (int i = from; i > floor; i--) {
            if (Double.isFinite(v[i])) {
                return i;
            }
        }
        return floor;
    }

    private static int indexOf(long[] ts, long t) {
        int i = Arrays.binarySearch(ts, t);
        return i >= 0 ? i : Math.max(0, Math.min(ts.length - 1, -i - 2));
    }

    /** Normal around an incident: level, daily shape and width, all from samples before its start. */
    private record Band(Series series, int[] reference, double level, double width, int daySteps,
                        double[] dayLevels, boolean[] incident) {

        static Band before(Series series, int start, boolean[] incident) {
            double[] v = series.values();
            int[] ref = new int[REFERENCE];
            int count = 0;
            for (int i = start - 1; i >= 0 && count < REFERENCE; i--) {
                if (Double.isFinite(v[i]) && !incident[i]) {
                    ref[count++] = i;
                }
            }
            if (count < MIN_REFERENCE) {
                return null;
            }
            int[] reference = Arrays.copyOf(ref, count);
            long step = series.stepMillis();
            int daySteps = step > 0 && DAY_MS % step == 0 ? (int) (DAY_MS / step) : 0;
            double[] dayLevels = new double[DAYS + 1];
            for (int k = 1; k <= DAYS; k++) {
                dayLevels[k] = daySteps == 0 ? Double.NaN : levelOf(series, reference, k * daySteps, incident);
            }
            double level = levelOf(series, reference, 0, incident);
            Band shapeless = new Band(series, reference, level, 0, 0, dayLevels, incident);
            Band shaped = new Band(series, reference, level, 0, daySteps, dayLevels, incident);
            double noise = noise(v, reference);
            // The daily shape is used only when it explains the reference better than a flat level does.
            double flatSpread = shapeless.spread();
            double shapedSpread = daySteps == 0 ? Double.POSITIVE_INFINITY : shaped.spread();
            Band chosen = shapedSpread < flatSpread ? shaped : shapeless;
            double width = BAND * Math.max(Math.min(flatSpread, shapedSpread), noise);
            width = Math.max(width, 1e-9 * Math.max(1.0, Math.abs(level)));
            return new Band(series, reference, level, width, chosen.daySteps, dayLevels, incident);
        }

        /** Median of the reference samples shifted back by {@code lag}; NaN when they are unknown or abnormal. */
        private static double levelOf(Series series, int[] reference, int lag, boolean[] incident) {
            double[] values = new double[reference.length];
            int count = 0;
            for (int i : reference) {
                int j = i - lag;
                if (j >= 0 && !incident[j] && Double.isFinite(series.values()[j])) {
                    values[count++] = series.values()[j];
                }
            }
            return count < MIN_REFERENCE ? Double.NaN : ForecastMath.median(Arrays.copyOf(values, count));
        }

        /** Robust sample-to-sample noise (MAD of first differences / √2). */
        private static double noise(double[] v, int[] reference) {
            double[] diffs = new double[reference.length];
            int count = 0;
            for (int r = 0; r + 1 < reference.length; r++) {
                if (reference[r] - reference[r + 1] == 1) {
                    diffs[count++] = v[reference[r]] - v[reference[r + 1]];
                }
            }
            return count < 2 ? 0 : mad(Arrays.copyOf(diffs, count)) / Math.sqrt(2);
        }

        /** Robust spread of the reference residuals around this band's expectation. */
        private double spread() {
            double[] residuals = new double[reference.length];
            for (int r = 0; r < reference.length; r++) {
                residuals[r] = series.values()[reference[r]] - expected(reference[r]);
            }
            return mad(residuals);
        }

        /** Normal at sample {@code i}: the reference level plus the daily shape where earlier days know it. */
        double expected(int i) {
            if (daySteps == 0) {
                return level;
            }
            double[] shape = new double[DAYS];
            int count = 0;
            for (int k = 1; k <= DAYS; k++) {
                int j = i - k * daySteps;
                if (j >= 0 && !incident[j] && Double.isFinite(dayLevels[k]) && Double.isFinite(series.values()[j])) {
                    shape[count++] = series.values()[j] - dayLevels[k];
                }
            }
            return count == 0 ? level : level + ForecastMath.median(Arrays.copyOf(shape, count));
        }

        private static double mad(double[] values) {
            double median = ForecastMath.median(values);
            double[] deviations = Arrays.stream(values).filter(Double::isFinite).map(x -> Math.abs(x - median)).toArray();
            return MAD_TO_SIGMA * ForecastMath.median(deviations);
        }
    }
}
