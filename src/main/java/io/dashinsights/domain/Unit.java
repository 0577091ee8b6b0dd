package io.dashinsights.domain;

import java.util.Locale;

/** How a metric's values read: a ratio as a percentage, a per-second rate with its unit, anything else plain. */
public enum Unit {
    RATIO, PER_SECOND, PLAIN;

    /**
     * Guessed from what the dashboard says about the metric, since Prometheus answers carry no unit: a name that
     * says ratio, percentage or rate with all values in [0, 1] is a ratio; a PromQL {@code rate()} that is not
     * divided by anything is per second.
     */
    public static Unit infer(String metric, String promql, double[] values) {
        String name = metric == null ? "" : metric.toLowerCase(Locale.ROOT);
        boolean fraction = values.length > 0;
        for (double v : values) {
            if (Double.isFinite(v) && (v < 0 || v > 1)) {
                fraction = false;
                break;
            }
        }
        if (fraction && (name.contains("ratio") || name.contains("percent") || name.contains("rate")
                || name.contains("share") || name.contains("fraction"))) {
            return RATIO;
        }
        String query = promql == null ? "" : promql.replaceAll("\\[[^]]*]", "");
        if (query.matches("(?s).*\\b(i?rate|increase)\\(.*") && !query.contains("/")) {
            return PER_SECOND;
        }
        return PLAIN;
    }
}
