package io.dashinsights.domain;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of dashboard the config knows, each handled by its own function (error_rate by the trigger itself). */
public enum DashboardType {
    ANOMALY_DETECTION("anomaly_detection", "prepare-anomaly", "24h"),
    TREND_ANALYSIS("trend_analysis", "prepare-trend", "7d"),
    FORECAST("forecast", "prepare-forecast", "30d"),
    /**
     * The alert-free path of on-webhook-error-alert: checked inside trigger-on-schedule on every run (it is
     * one instant query, and the six function names are fixed), annotated like an alert when above the threshold.
     */
    ERROR_RATE("error_rate", "trigger-on-schedule", "1h");

    private final String configName;
    private final String function;
    private final String defaultTimeRange;

    DashboardType(String configName, String function, String defaultTimeRange) {
        this.configName = configName;
        this.function = function;
        this.defaultTimeRange = defaultTimeRange;
    }

    /** The name used in dashboard_config.json. */
    public String configName() {
        return configName;
    }

    /** The Funqy function that prepares an update of this type. */
    public String function() {
        return function;
    }

    public String defaultTimeRange() {
        return defaultTimeRange;
    }

    public static Optional<DashboardType> fromConfigName(String name) {
        return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
    }

    public static String configNames() {
        return String.join(" | ", Arrays.stream(values()).map(DashboardType::configName).toList());
    }
}
