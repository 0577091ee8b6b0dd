package io.dashinsights.analysis;

import java.util.Objects;

/**
 * One metric as regular samples. {@code timestamps} are epoch milliseconds, ascending; a missing or
 * non-finite sample is {@code Double.NaN} so the analyses can skip it rather than treat it as zero.
 */
public record Series(String name, long[] timestamps, double[] values) {
    public Series {
        Objects.requireNonNull(name, "name");
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length: "
                    + timestamps.length + " vs " + values.length);
        }
    }

    public int size() {
        return values.length;
    }

    /** Sampling step in milliseconds, from the first two points (0 for fewer than two). */
    public long stepMillis() {
        return timestamps.length < 2 ? 0 : timestamps[1] - timestamps[0];
    }
}
