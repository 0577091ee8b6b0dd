package io.dashinsights.contract;

import java.util.List;
import java.util.Locale;

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

    /** The function a path names, tolerant of the spellings a router might still map to it; null for other paths. */
    public static String fromPath(String path) {
        if (path == null) {
            return null;
        }
        String p = path.toLowerCase(Locale.ROOT);
        int start = 0;
        int end = p.length();
        while (start < end && p.charAt(start) == '/') {
            start++;
        }
        while (end > start && p.charAt(end - 1) == '/') {
            end--;
        }
        String name = p.substring(start, end);
        return Functions.ALL.contains(name) ? name : null;
    }

    private Functions() {
    }
}
