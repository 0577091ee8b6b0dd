package io.dashinsights.analysis;

/**
 * Daily seasonal memory for {@link AnomalyDetector}: for each time-of-day slot (slot width = sampling step)
 * the last {@value #DAYS} values seen in that slot. The expected value is their median, so one odd day
 * does not distort tomorrow's expectation. Slots come from timestamps, so gaps do not shift the phase.
 */
final class AnomalySeasonalProfile {

    static final long DAY_MS = 86_400_000L;
    private static final int DAYS = 3;

    private final long stepMs;
    private final double[][] values;
    private final int[] counts;

    private AnomalySeasonalProfile(long stepMs, int slots) {
        this.stepMs = stepMs;
        this.values = new double[slots][DAYS];
        this.counts = new int[slots];
    }

    /**
     * A profile for the given step, or {@code null} when a day is not a whole number of steps or holds too
     * few (no shape to learn) or too many (memory) of them.
     */
    static AnomalySeasonalProfile forStep(long stepMs) {
        if (stepMs <= 0 || DAY_MS % stepMs != 0) {
            return null;
        }
        long slots = DAY_MS / stepMs;
        return slots >= 6 && slots <= 1440 ? new AnomalySeasonalProfile(stepMs, (int) slots) : null;
    }

    int slots() {
        return counts.length;
    }

    private int slot(long timestampMs) {
        return (int) (Math.floorMod(timestampMs, DAY_MS) / stepMs);
    }

    /** Median of the values remembered for this time of day, or NaN before the first full day. */
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
