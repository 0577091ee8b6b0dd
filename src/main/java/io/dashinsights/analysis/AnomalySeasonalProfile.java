package io.dashinsights.analysis;

/**
 * Seasonal memory for {@link AnomalyDetector}: for each slot of the period (a day, or a week; slot width =
 * sampling step) the last {@value #DAYS} values seen in that slot. The expected value is their median, so one
 * odd day (or week) does not distort the next expectation. Slots come from timestamps, so gaps do not shift the
 * phase.
 */
final class AnomalySeasonalProfile {

    static final long DAY_MS = 86_400_000L;
    static final long WEEK_MS = 7 * DAY_MS;
    private static final int DAYS = 3;
    /** At most this many weekly slots (a 5-minute step): 3 weeks of memory stay under 50 kB per series. */
    private static final int MAX_WEEK_SLOTS = 2016;

    private final long stepMs;
    private final long periodMs;
    private final double[][] values;
    private final int[] counts;

    private AnomalySeasonalProfile(long stepMs, long periodMs) {
        this.stepMs = stepMs;
        this.periodMs = periodMs;
        int slots = (int) (periodMs / stepMs);
        this.values = new double[slots][DAYS];
        this.counts = new int[slots];
    }

    /**
     * A profile for the given step, or {@code null} when a day is not a whole number of steps or holds too
     * few (no shape to learn) or too many (memory) of them.
     */
    static AnomalySeasonalProfile forStep(long stepMs) {
        return of(stepMs, DAY_MS, 6, 1440);
    }

    /**
     * A weekly profile (same time of the same weekday over the last {@value #DAYS} weeks) for the given step, or
     * {@code null} when a day is not a whole number of steps, or a week holds fewer than 42 (4-hourly) or more
     * than {@value #MAX_WEEK_SLOTS} of them.
     */
    static AnomalySeasonalProfile weeklyForStep(long stepMs) {
        return of(stepMs, WEEK_MS, 42, MAX_WEEK_SLOTS);
    }

    /** A profile of {@code periodMs} when a day is a whole number of steps and the period holds minSlots..maxSlots. */
    private static AnomalySeasonalProfile of(long stepMs, long periodMs, long minSlots, long maxSlots) {
        if (stepMs <= 0 || DAY_MS % stepMs != 0) {
            return null;
        }
        long slots = periodMs / stepMs;
        return slots >= minSlots && slots <= maxSlots ? new AnomalySeasonalProfile(stepMs, periodMs) : null;
    }

    int slots() {
        return counts.length;
    }

    private int slot(long timestampMs) {
        return (int) (Math.floorMod(timestampMs, periodMs) / stepMs);
    }

    /** Median of the values remembered for this slot of the period, or NaN before the first full period. */
    double expected(long timestampMs) {
        int s = slot(timestampMs);
        int c = Math.min(counts[s], DAYS);
        double[] v = values[s];
        return switch (c) {
            case 0 -> Double.NaN;
            case 1 -> v[0];
            case 2 -> 0.5 * (v[0] + v[1]);
            default -> Math.max(Math.min(v[0], v[1]), Math.min(Math.max(v[0], v[1]), v[2]));
        };
    }

    void add(long timestampMs, double value) {
        int s = slot(timestampMs);
        values[s][counts[s] % DAYS] = value;
        counts[s]++;
    }
}
