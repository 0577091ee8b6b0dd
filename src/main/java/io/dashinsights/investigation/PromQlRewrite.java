package io.dashinsights.investigation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few PromQL rewrites a breakdown needs, done on the query's text with a small scanner that respects string
 * literals, label matchers and ranges: which part of a ratio carries the change (its numerator), which series
 * selectors it reads (to discover their labels), and the same expression grouped by one more label. A full PromQL
 * parser exists only in Go; these rewrites keep the user's query as written and only add grouping.
 */
final class PromQlRewrite {

    private static final Set<String> AGGREGATIONS = Set.of("sum", "avg", "min", "max", "count", "group", "stddev",
            "stdvar", "topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "offset", "and", "or", "unless", "inf", "nan", "atan2", "start", "end");
    private static final Set<String> LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Pattern EQUALITY = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PromQlRewrite() {
    }

    /**
     * The part of the query whose change is worth breaking down: the numerator of a top-level ratio ("errors / all
     * requests" → "errors"), otherwise the whole query.
     */
    static String numerator(String query) {
        String q = stripOuterParens(query.strip());
        int depth = 0;
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (isQuote(c)) {
                i = skipString(q, i) - 1;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == '/' && depth == 0) {
                return stripOuterParens(q.substring(0, i).strip());
            }
        }
        return q;
    }

    /** The series selectors the expression reads ({@code metric{…}}, or a bare {@code {…}}), in order. */
    static List<String> selectors(String expr) {
        List<String> out = new ArrayList<>();
        int n = expr.length();
        int i = 0;
        while (i < n) {
            char c = expr.charAt(i);
            if (isQuote(c)) {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = matching(expr, i, '[', ']') + 1;
            } else if (c == '{') {
                int close = matching(expr, i, '{', '}');
                out.add(expr.substring(i, close + 1));
                i = close + 1;
            } else if (Character.isDigit(c)) {
                // 5e3, 0x1f, 1.5: a number, never a metric name
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (isIdentStart(c)) {
                int j = identEnd(expr, i);
                String id = expr.substring(i, j);
                int k = skipWs(expr, j);
                boolean call = k < n && expr.charAt(k) == '(';
                if (call && LIST_KEYWORDS.contains(id)) {
                    i = matching(expr, k, '(', ')') + 1;
                } else if (call || KEYWORDS.contains(id) || AGGREGATIONS.contains(id)) {
                    // "sum by (x) (…)": an aggregation whose parenthesis comes after its grouping
                    i = j;
                } else if (k < n && expr.charAt(k) == '{') {
                    int close = matching(expr, k, '{', '}');
                    out.add(id + expr.substring(k, close + 1));
                    i = close + 1;
                } else {
                    out.add(id);
                    i = j;
                }
            } else {
                i++;
            }
        }
        return out;
    }

    /** The {@code label="value"} matchers of a selector: labels pinned to one value (nothing to break down). */
    static Map<String, String> equalityMatchers(String selector) {
        Map<String, String> out = new LinkedHashMap<>();
        int open = selector.indexOf('{');
        if (open < 0) {
            return out;
        }
        Matcher m = EQUALITY.matcher(selector.substring(open));
        while (m.find()) {
            // "=" only: skip !=, =~ and !~ (the regex's "=" must not be preceded by '!' or followed by '~')
            int eq = selector.indexOf('=', open + m.start(1) + m.group(1).length());
            char before = selector.charAt(eq - 1);
            char after = eq + 1 < selector.length() ? selector.charAt(eq + 1) : ' ';
            if (before != '!' && after != '~') {
                out.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return out;
    }

    /**
     * The expression with {@code label} kept by every aggregation (added to {@code by} lists, or a {@code by} added
     * where there is none), summed by that label. Aggregations using {@code without} keep it anyway.
     */
    static String groupBy(String expr, String label) {
        StringBuilder out = new StringBuilder();
        int n = expr.length();
        int i = 0;
        while (i < n) {
            char c = expr.charAt(i);
            if (isQuote(c)) {
                int j = skipString(expr, i);
                out.append(expr, i, j);
                i = j;
            } else if (c == '{' || c == '[') {
                int j = matching(expr, i, c, c == '{' ? '}' : ']');
                out.append(expr, i, j + 1);
                i = j + 1;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(expr.charAt(j)) || expr.charAt(j) == '.')) {
                    j++;
                }
                out.append(expr, i, j);
                i = j;
            } else if (isIdentStart(c)) {
                int j = identEnd(expr, i);
                String id = expr.substring(i, j);
                int k = skipWs(expr, j);
                boolean call = k < n && expr.charAt(k) == '(';
                if (call && id.equals("by")) {
                    int close = matching(expr, k, '(', ')');
                    out.append("by (").append(addLabel(expr.substring(k + 1, close), label)).append(')');
                    i = close + 1;
                } else if (call && LIST_KEYWORDS.contains(id)) {
                    int close = matching(expr, k, '(', ')');
                    out.append(expr, i, close + 1);
                    i = close + 1;
                } else if (call && AGGREGATIONS.contains(id)) {
                    int close = matching(expr, k, '(', ')');
                    int after = skipWs(expr, close + 1);
                    out.append(id);
                    if (!startsWithWord(expr, after, "by") && !startsWithWord(expr, after, "without")) {
                        out.append(" by (").append(label).append(") ");
                    }
                    i = j;
                } else {
                    out.append(id);
                    i = j;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return "sum by (" + label + ") (" + out + ")";
    }

    private static String addLabel(String list, String label) {
        for (String l : list.split(",")) {
            if (l.strip().equals(label)) {
                return list;
            }
        }
        return list.isBlank() ? label : list.strip() + ", " + label;
    }

    private static String stripOuterParens(String q) {
        while (q.startsWith("(") && q.endsWith(")") && matching(q, 0, '(', ')') == q.length() - 1) {
            q = q.substring(1, q.length() - 1).strip();
        }
        return q;
    }

    private static boolean startsWithWord(String s, int at, String word) {
        if (!s.startsWith(word, at)) {
            return false;
        }
        int end = at + word.length();
        return end >= s.length() || !Character.isLetterOrDigit(s.charAt(end)) && s.charAt(end) != '_';
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static int identEnd(String s, int i) {
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
            i++;
        }
        return i;
    }

    private static int skipWs(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index after the string literal starting at {@code i}. */
    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != quote) {
            j += s.charAt(j) == '\\' && quote != '`' ? 2 : 1;
        }
        return Math.min(s.length(), j + 1);
    }

    /** Index of the bracket closing the one at {@code open}; the last index when unbalanced. */
    private static int matching(String s, int open, char o, char c) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (isQuote(ch)) {
                i = skipString(s, i) - 1;
            } else if (ch == o) {
                depth++;
            } else if (ch == c && --depth == 0) {
                return i;
            }
        }
        return s.length() - 1;
    }
}
