package io.dashinsights.insight;

import io.dashinsights.analysis.Direction;
import io.dashinsights.analysis.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Formats every number and time that goes into a prompt and remembers it, so the grounding check knows
 * exactly what the model was told, with no second list to keep in step.
 */
final class FactSheet implements CauseLines.Style {

    private final List<Double> numbers = new ArrayList<>();
    private final Set<Instant> times = new LinkedHashSet<>();
    private final int maxQuoted;

    FactSheet(int maxQuoted) {
        this.maxQuoted = maxQuoted;
    }

    @Override
    public String num(double v) {
        if (Double.isFinite(v)) {
            numbers.add(v);
        }
        return Numbers.format(v);
    }

    /** A fraction shown as a percentage: the model will say "7.2%", so 7.2 is the fact to match. */
    @Override
    public String percent(double fraction) {
        if (Double.isFinite(fraction)) {
            numbers.add(fraction * 100);
        }
        return Numbers.percent(fraction);
    }

    String count(long n) {
        numbers.add((double) n);
        return Long.toString(n);
    }

    String time(long epochMs) {
        return time(Instant.ofEpochMilli(epochMs));
    }

    String time(Instant t) {
        if (t == null) {
            return "unknown";
        }
        times.add(t);
        return t.toString();
    }

    /** Untrusted text as quoted, length-limited data; a wholly numeric value (status="500") may be repeated. */
    @Override
    public String quote(String s) {
        if (s != null && s.strip().matches("-?\\d+(\\.\\d+)?")) {
            numbers.add(Double.parseDouble(s.strip()));
        }
        return Untrusted.quote(s, maxQuoted);
    }

    String quoteMap(java.util.Map<String, String> map) {
        if (map != null) {
            map.values().forEach(v -> {
                if (v != null && v.strip().matches("-?\\d+(\\.\\d+)?")) {
                    numbers.add(Double.parseDouble(v.strip()));
                }
            });
        }
        return Untrusted.quoteMap(map, 12, maxQuoted);
    }

    Grounding grounding(Severity severity, Direction direction) {
        return new Grounding(List.copyOf(numbers), List.copyOf(times), severity, direction, null);
    }

    Grounding grounding(Double headline) {
        return new Grounding(List.copyOf(numbers), List.copyOf(times), null, null, headline);
    }
}
