package io.dashinsights.analysis;

/**
 * A forecast with 95 % prediction intervals. {@code accuracyMetric} names how {@code accuracyEstimate}
 * was measured by rolling-origin backtest (e.g. "sMAPE %", lower is better).
 */
public record ForecastReport(String metric, String modelUsed, long[] timestamps, double[] mean,
                             double[] lower95, double[] upper95, String accuracyMetric,
                             double accuracyEstimate) {
}
