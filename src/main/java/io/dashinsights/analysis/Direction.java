package io.dashinsights.analysis;

/** Trend direction; {@code STABLE} unless the Mann–Kendall test is significant. */
public enum Direction {
    UP, DOWN, STABLE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
