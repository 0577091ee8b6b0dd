package io.dashinsights.contract;

import java.util.List;

/** The Funqy function names: the HTTP paths, the CloudEvent types and the serverless function names. */
public final class Functions {
    public static final String TRIGGER = "trigger-on-schedule";
    public static final String PREPARE_ANOMALY = "prepare-anomaly";
    public static final String PREPARE_TREND = "prepare-trend";
    public static final String PREPARE_FORECAST = "prepare-forecast";
    public static final String PUSH_GRAFANA = "push-grafana";
    public static final String WEBHOOK_ERROR_ALERT = "on-webhook-error-alert";

    public static final List<String> ALL = List.of(TRIGGER, PREPARE_ANOMALY, PREPARE_TREND, PREPARE_FORECAST,
            PUSH_GRAFANA, WEBHOOK_ERROR_ALERT);

    private Functions() {
    }
}
