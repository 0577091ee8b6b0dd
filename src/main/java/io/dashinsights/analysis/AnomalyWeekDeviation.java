package io.dashinsights.analysis;

import org.apache.commons.math3.special.Erf;

/**
 * Evidence of a sustained departure from the weekly pattern, for {@link AnomalyDetector}: hours that do not look
 * like the same hours of the same weekday (a holiday, a blizzard, a campaign that stopped). Persistence and the
 * daily profile cannot see these: each point is close to the previous one, and a holiday looks like a Sunday.
 *
 * <p>Each sample's residual against the {@link AnomalySeasonalProfile#weeklyForStep weekly profile}, in units of
 * that profile's long-run mean absolute error and clipped at {@value #Z_CLIP} such units, is averaged over the
 * last {@value #WINDOW_HOURS} hours. That mean of many residuals is close to normal, so it is calibrated with a
 * normal tail around its own running mean and standard deviation (over the whole history; values learnt are
 * clipped at {@value #LEARN_CLIP} standard deviations, so one holiday does not widen the band). A peaks-over-
 * threshold tail fitted to such an autocorrelated mean was tried first and scored the NAB nyc_taxi holidays at
 * 1e-2 to 1e-3: one long excursion gives dozens of correlated exceedances and a heavy tail.
 */
final class AnomalyWeekDeviation {

    /** Hours the residuals are averaged over (chosen by nested leave-one-category-out CV on NAB from 6/12/24). */
    static final int WINDOW_HOURS = 6;
    /** Residual clip in error units: the detector's error clip, so one wild sample cannot carry the window. */
    private static final double Z_CLIP = 5.0;
    /** Window means learnt before the normal tail is trusted. */
    private static final int MIN_LEARNED = 288;
    /** Standard deviations beyond which a window mean is clipped before it is learnt. */
    private static final double LEARN_CLIP = 3.0;
    /** Normal deviates below this give no evidence (and skip the erfc). */
    private static final double MIN_DEVIATE = 2.0;
    /** Above this the normal tail underflows; evidence is capped there (score 1 anyway). */
    private static final double MAX_DEVIATE = 30.0;
    private static final double SQRT2 = Math.sqrt(2.0);

    private final AnomalySeasonalProfile weekly;
    private final AnomalyDetector.RunningError error = new AnomalyDetector.RunningError();
    private final double[] recent;
    private double sum;
    private int filled;
    private double windowMean = Double.NaN;
    private double expected = Double.NaN;
    private long learned;
    private double mean;
    private double variance;

    private AnomalyWeekDeviation(AnomalySeasonalProfile weekly, int window) {
        this.weekly = weekly;
        this.recent = new double[window];
    }

    /** For the given sampling step, or {@code null} when it has no weekly profile. */
    static AnomalyWeekDeviation forStep(long stepMs) {
        AnomalySeasonalProfile weekly = AnomalySeasonalProfile.weeklyForStep(stepMs);
        if (weekly == null) {
            return null;
        }
        int window = (int) Math.max(4, Math.round(WINDOW_HOURS * 3_600_000.0 / stepMs));
        return new AnomalyWeekDeviation(weekly, window);
    }

    /**
     * Takes the next sample in and returns {@code -log10} of the two-sided normal tail probability of the current
     * window mean (0 while still learning). Call {@link #learn} after it.
     */
    double evidence(long timestampMs, double value, double scaleFloor) {
        expected = weekly.expected(timestampMs);
        windowMean = Double.NaN;
        if (Double.isNaN(expected) || error.count < weekly.slots()) {
            return 0.0; // a week of errors first, so the scale means something
        }
        double z = (value - expected) / Math.max(error.slowMae, scaleFloor);
        z = Math.max(-Z_CLIP, Math.min(Z_CLIP, z));
        int i = filled % recent.length;
        sum += z - recent[i];
        recent[i] = z;
        filled++;
        if (filled < recent.length) {
            return 0.0;
        }
        windowMean = sum / recent.length;
        if (learned < MIN_LEARNED) {
            return 0.0;
        }
        double deviate = Math.abs(windowMean - mean) / Math.sqrt(Math.max(variance, 1e-18));
        if (deviate <= MIN_DEVIATE) {
            return 0.0;
        }
        return -Math.log10(Erf.erfc(Math.min(deviate, MAX_DEVIATE) / SQRT2));
    }

    /**
     * Learns from the sample last passed to {@link #evidence}: with {@code calibrate} the window mean updates the
     * normal tail; the weekly profile and its error always learn.
     */
    void learn(long timestampMs, double value, boolean calibrate) {
        if (calibrate && !Double.isNaN(windowMean)) {
            double x = windowMean;
            if (learned >= MIN_LEARNED) {
                double band = LEARN_CLIP * Math.sqrt(variance);
                x = Math.max(mean - band, Math.min(mean + band, x));
            }
            learned++;
            double delta = x - mean;
            mean += delta / learned;
            variance = (1.0 - 1.0 / learned) * (variance + delta * delta / learned);
        }
        if (!Double.isNaN(expected)) {
            error.add(Math.abs(value - expected));
        }
        weekly.add(timestampMs, value);
    }
}
