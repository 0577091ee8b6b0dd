package io.dashinsights.insight;

import io.dashinsights.domain.Investigation;
import io.dashinsights.domain.Investigation.Change;
import io.dashinsights.domain.Investigation.CoMoving;
import io.dashinsights.domain.Investigation.Evidence;
import io.dashinsights.domain.Investigation.LabelShare;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One line per candidate cause, with its evidence numbers: the same sentence for the prompt (numbers recorded as
 * facts, names quoted as data) and for the template (plain text, escaped later where it is rendered).
 */
public final class CauseLines {

    /** Most causes an annotation names. */
    static final int MAX = 3;

    /** How numbers and outside text are written: as prompt facts or as plain text. */
    interface Style {
        String num(double v);

        String percent(double fraction);

        String quote(String untrusted);
    }

    /** Plain text for the template writer. */
    static final Style PLAIN = new Style() {
        @Override
        public String num(double v) {
            return Numbers.format(v);
        }

        @Override
        public String percent(double fraction) {
            return Numbers.percent(fraction);
        }

        @Override
        public String quote(String untrusted) {
            return untrusted == null ? "" : untrusted;
        }
    };

    private CauseLines() {
    }

    /** The strongest causes as plain sentences (the console, the template). */
    public static List<String> plain(Investigation investigation) {
        return lines(investigation, PLAIN);
    }

    static List<String> lines(Investigation investigation, Style style) {
        if (investigation == null) {
            return List.of();
        }
        return investigation.top(MAX).stream().map(c -> line(c.evidence(), style)).toList();
    }

    static String line(Evidence e, Style s) {
        if (e instanceof LabelShare l) {
            // Name and value quoted apart: a wholly numeric value (status 500) stays a fact the model may repeat.
            return s.quote(l.label()) + "=" + s.quote(l.value().isEmpty() ? "(none)" : l.value()) + " carries "
                    + s.percent(l.share()) + " of the " + l.of() + " (" + s.num(l.baseline()) + " before, "
                    + s.num(l.incident()) + " during)";
        }
        if (e instanceof Change c) {
            String when = lead(c, s);
            if (c.source() == Change.Source.GRAFANA) {
                return "change annotation " + s.quote(c.text()) + " " + when;
            }
            return "change signal " + s.quote(c.text()) + (c.labels().isEmpty() ? "" : " for " + s.quote(labels(c.labels())))
                    + " " + when;
        }
        CoMoving m = (CoMoving) e;
        double rel = m.relativeChange();
        return (m.saturation() ? "saturation " : "") + s.quote(m.metric()) + " moved with it: " + s.num(m.baseline())
                + " before, " + s.num(m.incident()) + " during" + (Double.isFinite(rel) ? " (" + signed(rel, s) + ")" : "");
    }

    private static String lead(Change c, Style s) {
        long minutes = c.lead().toMinutes();
        if (minutes == 0) {
            return "at the start";
        }
        return minutes > 0 ? s.num(minutes) + " min before the start" : s.num(-minutes) + " min after the start";
    }

    private static String signed(double fraction, Style s) {
        return (fraction >= 0 ? "+" : "") + s.percent(fraction);
    }

    private static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).collect(Collectors.joining(", "));
    }
}
