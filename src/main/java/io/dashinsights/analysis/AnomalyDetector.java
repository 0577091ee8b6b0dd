package io.dashinsights.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Causal, streaming anomaly detector: {@link #update} scores a point from that point and earlier
 * ones only, keeping small state per series (three weeks of seasonal memory at most, under 50 kB). One instance
 * per series.
 *
 * <p>How a point is scored:
 * <ol>
 *   <li><b>Prediction.</b> Two forecasters run side by side: persistence (the previous value) and, when
 *       the sampling step divides a day, a daily seasonal profile (median of the same time of day over the
 *       last days). Each keeps a running mean absolute error; the one with the lower error is trusted, and
 *       the point's surprise is its absolute residual in units of that error.</li>
 *   <li><b>Point and sustained evidence.</b> {@link AnomalyTail} (peaks over threshold) turns the surprise,
 *       and its mean over the last {@value #SHORT_WINDOW} points, into {@code -log10} tail probabilities
 *       learnt from this series' own history, so heavy-tailed series need bigger surprises. The point
 *       evidence catches spikes, dips and jumps; the window mean catches noise changes and broken patterns
 *       (e.g. a flat stretch where a daily cycle was expected).</li>
 *   <li><b>Weekly evidence</b> ({@link AnomalyWeekDeviation}): the mean residual against the same hours of the
 *       same weekday over the last {@value AnomalyWeekDeviation#WINDOW_HOURS} hours, under a normal tail. It
 *       sees what point-to-point prediction cannot: a whole day unlike its weekday (holidays, outages).</li>
 *   <li><b>Range evidence.</b> A surprising value (some evidence above) that is also beyond the range seen so
 *       far by more than 5 % of that range (level shifts, the end of a drift) adds {@value #RANGE_EVIDENCE}.</li>
 *   <li><b>Look-elsewhere correction</b> ({@link #forWatchLength}): after 1,000 samples the evidence needed grows
 *       slowly with the number of samples watched, so long series do not alert more often than short ones.</li>
 *   <li><b>Alert damping</b> ({@link #damp}): repeats of an incident are damped so one incident gives one
 *       alert; NAB and human readers both punish alert storms.</li>
 * </ol>
 * The score is the evidence divided by {@value #FULL_SCALE} and clipped to [0,1]: {@link #THRESHOLD} 0.5
 * means a tail probability of about {@code 1e-5}. Missing samples (NaN) score 0 and leave the state alone.
 */
public final class AnomalyDetector {

    /**
     * Score at or above which a point counts as anomalous (tail probability about {@code 1e-5}). On the NAB
     * development set the corpus-optimal threshold is lower (about 0.39); 0.5 is kept stricter on purpose,
     * as dashboard readers pay more for false alarms.
     */
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
    /** Samples over which the errors that pick the trusted forecaster average. */
    private static final int SELECTION_WINDOW = 1000;
    /** Residual errors are clipped at this many scales before learning, so anomalies barely move the scale. */
    private static final double ERROR_CLIP = 5.0;
    /** Points whose mean surprise reveals sustained changes (noise bursts, shifted patterns). */
    private static final int SHORT_WINDOW = 20;
    /** Evidence (-log10 p) given to a value clearly outside the range seen so far. */
    private static final double RANGE_EVIDENCE = 4.0;
    /**
     * Decades of evidence the look-elsewhere correction ({@link #forWatchLength}) asks for per decade of samples
     * watched. Chosen by nested leave-one-category-out CV on the NAB dev subset from {0, 0.25, 0.5, 1} jointly with
     * the weekly evidence's settings (every fold picked 0.5): held-out reward_low_FP 67.4 -> 71.6, standard 77.2 ->
     * 77.7 (machine_temperature, 22,695 rows: 12 -> 9 false alarms at the corpus threshold).
     */
    private static final double WATCH_PENALTY = 0.5;
    /** Samples watched before the look-elsewhere correction starts. */
    private static final int PENALTY_FROM = 1000;
    /** Out-of-range tolerance as a fraction of the seen range (as in Numenta's spatial anomaly). */
    private static final double RANGE_TOLERANCE = 0.05;

    /**
     * A score passes in full only when it beats the last alert (decaying) by this factor. With 1 (plain "beats"),
     * a growing incident (a ramp, a noise burst) re-alerted on every step that set a new high, and each of those
     * rows is a separate false alarm to a reader (and to NAB). Chosen by nested leave-one-category-out cross-validation
     * on the NAB dev subset from {1.0, 1.2, 1.5} (four folds picked 1.5, one 1.2): held-out standard 67.2 → 67.9,
     * reward_low_FP 56.9 → 61.6. Offering 2.0 as well made one fold pick it and the held-out score fall to 62.7:
     * larger factors hide second incidents.
     */
    static final double DAMP_MARGIN = 1.5;

    private final double dampDecay;
    private final double dampFactor;

    private long lastTimestamp = Long.MIN_VALUE;
    private long stepMs = Long.MAX_VALUE;
    private int valid;
    private double last = Double.NaN;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private AnomalySeasonalProfile seasonal;
    private AnomalyWeekDeviation weekDeviation;
    private final RunningError persistenceError = new RunningError();
    private final RunningError seasonalError = new RunningError();
    /** Tail models of the point surprise and of its mean over the last {@link #SHORT_WINDOW} points. */
    private final AnomalyTail pointTail = new AnomalyTail();
    private final AnomalyTail shortTail = new AnomalyTail();
    private final double[] recent = new double[SHORT_WINDOW];
    private double shortSum;
    private double recentMax;
    private double baseline = Double.NaN;

    public AnomalyDetector() {
        this(100, 0.3);
    }

    /**
     * @param dampMemory samples over which the memory of a recent alert decays by a factor {@code e}
     * @param dampFactor multiplier for scores that do not beat the remembered recent maximum
     */
    public AnomalyDetector(int dampMemory, double dampFactor) {
        if (dampMemory <= 0 || dampFactor < 0 || dampFactor > 1) {
            throw new IllegalArgumentException("dampMemory must be > 0 and dampFactor in [0,1]");
        }
        this.dampDecay = Math.exp(-1.0 / dampMemory);
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

        // Trust whichever forecaster has been more accurate over the long run (so an incident that breaks one
        // forecaster does not quickly hand over to the other); the seasonal one only after a day of errors.
        boolean useSeasonal = !Double.isNaN(seasonalPrediction)
                && seasonalError.count >= seasonal.slots()
                && seasonalError.slowMae <= persistenceError.slowMae;
        RunningError trusted = useSeasonal ? seasonalError : persistenceError;
        baseline = useSeasonal ? seasonalPrediction : (Double.isNaN(last) ? value : last);
        double residual = Math.abs(value - baseline);
        double surprise = residual / Math.max(trusted.mae, scaleFloor());

        double cappedSurprise = Math.min(surprise, 1e6);
        shortSum += cappedSurprise - recent[valid % recent.length];
        recent[valid % recent.length] = cappedSurprise;
        double shortMean = shortSum / recent.length;
        double weekEvidence = weekDeviation == null ? 0.0 : weekDeviation.evidence(timestampMs, value, scaleFloor());
        double evidence = 0.0;
        if (valid >= WARM_UP) {
            evidence = Math.max(Math.max(pointTail.surprise(cappedSurprise), shortTail.surprise(shortMean)),
                    weekEvidence);
            evidence = withRange(forWatchLength(evidence, valid), outOfRange(value));
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
        if (weekDeviation != null) {
            weekDeviation.learn(timestampMs, value, valid >= WARM_UP / 2);
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

    private void learnStep(long timestampMs) {
        if (lastTimestamp != Long.MIN_VALUE) {
            long dt = timestampMs - lastTimestamp;
            if (dt > 0 && dt < stepMs) {
                stepMs = dt;
                seasonal = AnomalySeasonalProfile.forStep(dt);
                seasonalError.reset();
                weekDeviation = AnomalyWeekDeviation.forStep(dt);
            }
        }
        lastTimestamp = timestampMs;
    }

    /** Keeps flat lines from dividing by zero while still letting any change on them stand out. */
    private double scaleFloor() {
        return 1e-9 * Math.max(1.0, Math.max(Math.abs(min), Math.abs(max)));
    }

    /**
     * Look-elsewhere correction: the longer a series has been watched, the more points had the chance to look
     * rare, so beyond {@value #PENALTY_FROM} samples the evidence needed grows by {@value #WATCH_PENALTY} of a
     * decade per decade of samples watched (1e-5 at 1,000 samples is worth what 1e-5.5 is at 10,000).
     */
    static double forWatchLength(double evidence, int samplesSeen) {
        if (evidence <= 0 || samplesSeen <= PENALTY_FROM) {
            return evidence; // most points: no log to take
        }
        double penalty = WATCH_PENALTY * Math.log10(Math.max(1.0, samplesSeen / (double) PENALTY_FROM));
        return Math.max(0.0, evidence - penalty);
    }

    /**
     * New extremes that are also surprising are the strongest signal: out-of-range adds {@value #RANGE_EVIDENCE}
     * to evidence that is already there. On its own it used to score 0.4, which on NAB was a false alarm each
     * time a series with routinely large steps (ec2_request_latency, ambient_temperature) set a new extreme with
     * an ordinary step, and never an alert at {@link #THRESHOLD}.
     */
    static double withRange(double evidence, boolean outOfRange) {
        return evidence > 0 && outOfRange ? evidence + RANGE_EVIDENCE : evidence;
    }

    private boolean outOfRange(double value) {
        double tolerance = (max - min) * RANGE_TOLERANCE;
        return max > min && (value > max + tolerance || value < min - tolerance);
    }

    /**
     * Alert damping: a score counts in full only when it beats the last score that counted in full by
     * {@link #DAMP_MARGIN} (that memory decays by {@code e} every {@code dampMemory} samples); otherwise it is
     * multiplied by {@code dampFactor}. So one
     * incident raises one alert, a repeat of similar size soon after is damped, and a larger incident still
     * gets through. Being relative to earlier scores, this works whatever threshold a reader applies.
     */
    double damp(double score) {
        recentMax *= dampDecay;
        if (score > recentMax * DAMP_MARGIN) {
            recentMax = score;
            return score;
        }
        return score * dampFactor;
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

    /**
     * Running mean absolute error with clipping, so one outlier cannot inflate the scale: {@code mae} adapts
     * over {@value #ERROR_WINDOW} samples (the surprise scale), {@code slowMae} over
     * {@value #SELECTION_WINDOW} (model selection).
     */
    static final class RunningError {
        double mae;
        double slowMae;
        int count;

        void add(double absError) {
            count++;
            double clipped = count > 10 && mae > 0 ? Math.min(absError, ERROR_CLIP * mae) : absError;
            mae += (clipped - mae) / Math.min(count, ERROR_WINDOW);
            slowMae += (clipped - slowMae) / Math.min(count, SELECTION_WINDOW);
        }

        void reset() {
            mae = 0;
            slowMae = 0;
            count = 0;
        }
    }
}
