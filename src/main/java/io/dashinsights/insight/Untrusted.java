package io.dashinsights.insight;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text from outside (alert labels and annotations, metric names, dashboard titles, change notes) on its way
 * into a prompt. It is quoted as a JSON string, so the model sees one value and not instructions, and cut
 * to a bounded length so a sender cannot flood the prompt.
 */
public final class Untrusted {

    private Untrusted() {
    }

    /** A JSON string literal of at most {@code max} characters of content; control characters and angle brackets removed. */
    public static String quote(String s, int max) {
        if (s == null) {
            return "\"\"";
        }
        String cut = s.length() > max ? s.substring(0, max) + "…" : s;
        StringBuilder sb = new StringBuilder(cut.length() + 2).append('"');
        for (char c : cut.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                // Angle brackets could close the <data> block the prompt wraps facts in.
                case '<', '>' -> sb.append(' ');
                default -> sb.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return sb.append('"').toString();
    }

    /** Labels or annotations as quoted {@code "key"="value"} pairs, at most {@code maxEntries} of them. */
    public static String quoteMap(Map<String, String> map, int maxEntries, int max) {
        if (map == null || map.isEmpty()) {
            return "{}";
        }
        Map<String, String> sorted = new LinkedHashMap<>();
        map.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(maxEntries)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        StringBuilder sb = new StringBuilder("{");
        sorted.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(quote(k, 40)).append(": ")
                .append(quote(v, max)));
        if (map.size() > maxEntries) {
            sb.append(", \"…\": \"").append(map.size() - maxEntries).append(" more\"");
        }
        return sb.append('}').toString();
    }
}
