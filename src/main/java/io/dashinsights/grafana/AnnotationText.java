package io.dashinsights.grafana;

import io.quarkus.qute.Escaper;

import java.util.ArrayList;
import java.util.List;

/**
 * Annotation text as Grafana shows it. Grafana renders an annotation's text as HTML (the time-series tooltip,
 * {@code AnnotationTooltipBody.tsx}, puts it through DOMPurify and {@code dangerouslySetInnerHTML}): a {@code \n}
 * collapses into one run-on line, and {@code <a href>}, {@code <img src>} and {@code style} in a label or in a
 * model's answer would arrive live. So every line is escaped here, whoever wrote it, and lines are joined with
 * {@code <br>}; the first line (the key numbers) is bold. This is the only place annotation HTML is made, and
 * {@link #plain} turns it back into lines for pages that escape text themselves (the console).
 */
public final class AnnotationText {

    /** Lines kept: an annotation is read in a tooltip, not scrolled. */
    static final int MAX_LINES = 8;
    /** Characters kept per line. */
    static final int MAX_LINE = 400;
    private static final String BREAK = "<br>";
    private static final Escaper HTML = Escaper.builder().add('&', "&amp;").add('<', "&lt;").add('>', "&gt;")
            .add('"', "&quot;").add('\'', "&#39;").build();

    private AnnotationText() {
    }

    /** Plain-text lines (untrusted or not) as annotation HTML; blank lines are dropped. */
    public static String html(List<String> lines) {
        List<String> parts = new ArrayList<>();
        for (String line : lines) {
            if (line == null || line.isBlank() || parts.size() == MAX_LINES) {
                continue;
            }
            String oneLine = line.strip().replaceAll("\\s*\\R\\s*", " ");
            String cut = oneLine.length() > MAX_LINE ? oneLine.substring(0, MAX_LINE - 1) + "…" : oneLine;
            String escaped = escape(cut);
            parts.add(parts.isEmpty() ? "<b>" + escaped + "</b>" : escaped);
        }
        return String.join(BREAK, parts);
    }

    /** {@code & < > " '} as entities, so the text stays text inside Grafana's HTML. */
    public static String escape(String s) {
        return s == null ? "" : HTML.escape(s);
    }

    /** Annotation HTML made by {@link #html} back to plain lines ({@code \n}-separated). */
    public static String plain(String html) {
        if (html == null) {
            return null;
        }
        return html.replace(BREAK, "\n").replace("<b>", "").replace("</b>", "").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
