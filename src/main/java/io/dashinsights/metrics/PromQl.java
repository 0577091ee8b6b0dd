package io.dashinsights.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the configured PromQL templates with an alert's labels. Label values come from the sender, so
 * they are escaped as PromQL string literals and cannot change the query's shape.
 */
public final class PromQl {

    private static final Pattern ONE_LABEL = Pattern.compile("\\$labels\\.([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PromQl() {
    }

    /**
     * {@code $labels.<name>} → the escaped value (empty when absent); {@code $labels} → matchers for the
     * {@code matchLabels} the alert has ({@code service="checkout"}); {@code $by} → the breakdown labels.
     */
    public static String render(String template, Map<String, String> labels, List<String> matchLabels, List<String> by) {
        Matcher one = ONE_LABEL.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (one.find()) {
            one.appendReplacement(sb, Matcher.quoteReplacement(escape(labels.getOrDefault(one.group(1), ""))));
        }
        one.appendTail(sb);
        List<String> matchers = new ArrayList<>();
        for (String name : matchLabels) {
            if (LABEL_NAME.matcher(name).matches() && labels.containsKey(name)) {
                matchers.add(name + "=\"" + escape(labels.get(name)) + "\"");
            }
        }
        String byList = String.join(",", by.stream().filter(b -> LABEL_NAME.matcher(b).matches()).toList());
        String out = sb.toString().replace("$labels", String.join(",", matchers)).replace("$by", byList);
        // An alert without the match labels leaves "{status=~"5..",}" or "{,…}": tidy the separators.
        return out.replaceAll("\\{\\s*,", "{").replaceAll(",\\s*}", "}");
    }

    public static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
