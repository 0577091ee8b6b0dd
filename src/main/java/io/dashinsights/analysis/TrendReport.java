package io.dashinsights.analysis;

/**
 * Trend over a window. {@code slopePerHour} is the Theil–Sen slope in metric units per hour;
 * {@code growthRatePercent} is the fitted change over the window relative to the fitted start value, and
 * {@code growthBasis} says so in words; {@code projection} continues the fitted line {@code projectionTimestamps}.
 */
public record TrendReport(String metric, Direction direction, double slopePerHour, double intercept,
                          double growthRatePercent, String growthBasis, double mannKendallZ, double pValue,
                          int points, long[] projectionTimestamps, double[] projection) {
}
