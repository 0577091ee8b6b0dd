package io.dashinsights.analysis;

/** Automatic forecaster: picks or weights models by rolling-origin backtest; 95 % intervals. */
public final class Forecaster {

    private Forecaster() {
    }

    /** Forecasts {@code horizon} steps after the last point; seasonal periods are derived from the step. */
    public static ForecastReport forecast(Series series, int horizon) {
        throw new UnsupportedOperationException("implemented in the analysis issue");
    }
}
