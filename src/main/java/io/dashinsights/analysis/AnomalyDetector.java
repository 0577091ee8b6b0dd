package io.dashinsights.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Causal, streaming anomaly detector: {@link #update} scores a point from that point and earlier
 * ones only, keeping small state per series (a day of seasonal memory at most). One instance per series.
 *
 * <p>How a point is scored:
 * <ol>
 *   <li><b>Prediction.</b> Two forecasters run side by side: persistence (the previous value) and, once
 *       the sampling step divides a day, a daily seasonal profile (median of the same time of day over the
 *       last days). Each keeps a running mean absolute error; the one with the lower error is trusted, and
 *       the point's surprise is its absolute residual in units of that error.</li>
 *   <li><b>Point evidence.</b> The surprise is turned into a Gaussian tail probability (spikes, dips,
 *       jumps).</li>
 *   <li><b>Sustained evidence.</b> {@link AnomalyLikelihood} compares the last few surprises with their
 *       long-run distribution (noise changes, pattern changes that no single point reveals).</li>
 *   <li><b>Range evidence.</b> A value clearly outside everything seen so far (slow drifts, shifts).</li>
 *   <li><b>Alert damping.</b> After a point reaches {@link #THRESHOLD}, later scores are damped for a while:
 *       one alert per incident is what a reader (and NAB) wants; repeats are noise.</li>
 * </ol>
 * Evidence is combined as {@code -log10} tail probabilities and mapped to [0,1] so that
 * {@link #THRESHOLD} 0.5 corresponds to a tail probability of about {@code 1e-5}.
 */
public final class AnomalyDetector {

    /** Score at or above which a point counts as anomalous. */
    public static final double THRESHOLD = 0.5;

    /** Severity rule: HIGH from this score on. */
    static final double HIGH_SCORE = 0.9;
    /** Severity rule: MEDIUM from this score on (LOW below, down to {@link #THRESHOLD}). */
    static final double MEDIUM_SCORE = 0.7;

    /** -log10 tail probability that maps to score 1. */
    private static final double FULL_SCALE = 10.0;
    /** Valid samples before any score is given: error scales are meaningless earlier. */
    private static final int WARM_UP = 50;
    /** Samples over which the running mean absolute errors average. */
    private static final int ERROR_WINDOW = 200;
    /** Residual errors are clipped at this many scales before learning, so anomalies barely move the scale. */
    private static final double ERROR_CLIP = 5.0;
    /** Points whose mean surprise reveals sustained changes (noise bursts, shifted patterns). */
    static final int SHORT_WINDOW = Integer.getInteger("sw", 20);
    /** Evidence (-log10 p) given to a value clearly outside the range seen so far. */
    static final double RANGE_EVIDENCE = Double.parseDouble(System.getProperty("range", "4"));
    /** Out-of-range tolerance as a fraction of the seen range (as in Numenta's spatial anomaly). */
    private static final double RANGE_TOLERANCE = 0.05;

    private final int dampSamples;
    private final double dampFactor;

    private long lastTimestamp = Long.MIN_VALUE;
    private long stepMs = Long.MAX_VALUE;
    private int valid;
    private double last = Double.NaN;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private AnomalySeasonalProfile seasonal;
    private final RunningError persistenceError = new RunningError();
    private final RunningError seasonalError = new RunningError();
    /** Tail models of the point surprise and of its mean over the last {@link #SHORT_WINDOW} points. */
    private final AnomalyTail pointTail = new AnomalyTail();
    private final AnomalyTail shortTail = new AnomalyTail();
    private final double[] recent = new double[SHORT_WINDOW];
    private double shortSum;
    private int sinceAlert = Integer.MAX_VALUE;
    private double baseline = Double.NaN;

    public AnomalyDetector() {
        this(100, 0.3);
    }

    /**
     * @param dampSamples how many samples after an alert have their scores damped
     * @param dampFactor  multiplier applied to scores while damped
     */
    public AnomalyDetector(int dampSamples, double dampFactor) {
        this.dampSamples = dampSamples;
        this.dampFactor = dampFactor;
    }

    /** Feeds the next sample (NaN = missing) and returns its anomaly score in [0,1]. */
    public double update(long timestampMs, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return 0.0;
        }
        learnStep(timestampMs);
        double persistencePrediction = last;
        double seasonalPrediction = seasonal == null ? Double.NaN : seasonal.expected(timestampMs);

        // Trust whichever forecaster has been more accurate; the seasonal one only after a day of errors.
        boolean useSeasonal = !Double.isNaN(seasonalPrediction)
                && seasonalError.count >= seasonal.slots()
                && seasonalError.mae <= persistenceError.mae;
        RunningError trusted = useSeasonal ? seasonalError : persistenceError;
        baseline = useSeasonal ? seasonalPrediction : (Double.isNaN(last) ? value : last);
        double residual = Math.abs(value - baseline);
        double surprise = residual / Math.max(trusted.mae, scaleFloor());

        double cappedSurprise = Math.min(surprise, 1e6);
        shortSum += cappedSurprise - recent[valid % recent.length];
        recent[valid % recent.length] = cappedSurprise;
        double shortMean = shortSum / recent.length;
        double evidence = 0.0;
        if (valid >= WARM_UP) {
            evidence = Math.max(pointTail.surprise(cappedSurprise), shortTail.surprise(shortMean));
            if (outOfRange(value)) {
                evidence = ADD ? evidence + RANGE_EVIDENCE : Math.max(evidence, RANGE_EVIDENCE);
            }
        }
        // The tails learn only once the error scale behind the surprise has settled.
        if (valid >= WARM_UP / 2) {
            pointTail.learn(cappedSurprise);
            shortTail.learn(shortMean);
        }
        double score = Math.min(1.0, Math.max(0.0, evidence / FULL_SCALE));

        // Learn after scoring so a point never explains itself.
        if (!Double.isNaN(persistencePrediction)) {
            persistenceError.add(Math.abs(value - persistencePrediction));
        }
        if (!Double.isNaN(seasonalPrediction)) {
            seasonalError.add(Math.abs(value - seasonalPrediction));
        }
        if (seasonal != null) {
            seasonal.add(timestampMs, value);
        }
        last = value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        valid++;
        return damp(score);
    }

    /** The detector's expected value for the most recent sample (what "normal" would have been). */
    public double baseline() {
        return baseline;
    }

    String debug() {
        return "pErr=" + persistenceError.mae + " sErr=" + seasonalError.mae + "/" + seasonalError.count
                + " seasonal=" + (seasonal != null);
    }

    private void learnStep(long timestampMs) {
        if (lastTimestamp != Long.MIN_VALUE) {
            long dt = timestampMs - lastTimestamp;
            if (dt > 0 && dt < stepMs) {
                stepMs = dt;
                seasonal = AnomalySeasonalProfile.forStep(dt);
                seasonalError.reset();
            }
        }
        lastTimestamp = timestampMs;
    }

    /** Keeps flat lines from dividing by zero while still letting any change on them stand out. */
    private double scaleFloor() {
        return 1e-9 * Math.max(1.0, Math.max(Math.abs(min), Math.abs(max)));
    }

    private boolean outOfRange(double value) {
        double tolerance = (max - min) * RANGE_TOLERANCE;
        return max > min && (value > max + tolerance || value < min - tolerance);
    }

    static final boolean ADD = Boolean.parseBoolean(System.getProperty("add", "true"));
    static final double TRIG = Double.parseDouble(System.getProperty("trig", "0.5"));
    static final boolean BIGGER = Boolean.getBoolean("bigger");
    private double alertScore;

    static final String MODE = System.getProperty("mode", "max");
    static final double DECAY = Double.parseDouble(System.getProperty("decay", "0.99"));
    private double recentMax;

    private double damp(double score) {
        if (MODE.equals("max")) {
            double prev = recentMax;
            recentMax = Math.max(recentMax * DECAY, score);
            return score > prev ? score : score * dampFactor;
        }
        if (sinceAlert < dampSamples) {
            sinceAlert++;
            if (!(BIGGER && score > alertScore)) {
                return score * dampFactor;
            }
        }
        if (score >= TRIG) {
            sinceAlert = 0;
            alertScore = score;
        }
        return score;
    }

    /** Scores a whole series with a fresh detector and groups anomalous points into regions. */
    public static AnomalyReport analyze(Series series) {
        AnomalyDetector detector = new AnomalyDetector();
        int n = series.size();
        double[] scores = new double[n];
        double[] baselines = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = detector.update(series.timestamps()[i], series.values()[i]);
            baselines[i] = detector.baseline();
        }
        List<AnomalyRegion> regions = new ArrayList<>();
        Severity overall = Severity.LOW;
        int i = 0;
        while (i < n) {
            if (!(scores[i] >= THRESHOLD)) {
                i++;
                continue;
            }
            int start = i;
            int peak = i;
            while (i < n && scores[i] >= THRESHOLD) {
                if (scores[i] > scores[peak]) {
                    peak = i;
                }
                i++;
            }
            Severity severity = severity(scores[peak]);
            regions.add(new AnomalyRegion(series.timestamps()[start], series.timestamps()[i - 1],
                    series.timestamps()[peak], series.values()[peak], baselines[peak], scores[peak], severity));
            if (severity.compareTo(overall) > 0) {
                overall = severity;
            }
        }
        return new AnomalyReport(series.name(), scores, THRESHOLD, List.copyOf(regions), overall);
    }

    /** HIGH from {@value #HIGH_SCORE}, MEDIUM from {@value #MEDIUM_SCORE}, LOW below (also when nothing fired). */
    static Severity severity(double score) {
        if (score >= HIGH_SCORE) {
            return Severity.HIGH;
        }
        return score >= MEDIUM_SCORE ? Severity.MEDIUM : Severity.LOW;
    }

    /** Running mean absolute error with clipping, so one outlier cannot inflate the scale. */
    private static final class RunningError {
        double mae;
        int count;

        void add(double absError) {
            count++;
            double clipped = count > 10 && mae > 0 ? Math.min(absError, ERROR_CLIP * mae) : absError;
            mae += (clipped - mae) / Math.min(count, ERROR_WINDOW);
        }

        void reset() {
            mae = 0;
            count = 0;
        }
    }
}
