package io.dashinsights.insight;

import io.dashinsights.analysis.Direction;
import io.dashinsights.analysis.Severity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a model's answer against the facts it was given, before anything is published. A sentence, cause
 * or action that states a number or time we did not compute is dropped; an answer that contradicts the
 * computed severity or direction, or has no grounded summary left, is rejected (the caller then publishes
 * the template). Pure Java so it is tested without a model.
 *
 * @param numbers   every number the prompt stated (percentages in percent units)
 * @param times     every instant the prompt stated
 * @param severity  the computed severity, or null when the finding has none
 * @param direction the computed trend direction, or null
 * @param headline  a number the summary must state (the alert's error rate), or null; an answer that leaves
 *                  out the very fact it was asked about is not trusted to be about it
 */
public record Grounding(List<Double> numbers, List<Instant> times, Severity severity, Direction direction,
                       Double headline) {

    private static final Pattern ISO_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(?:[T ](\\d{2}):(\\d{2})(?::\\d{2}(?:\\.\\d+)?)?\\s*(?:Z|UTC)?)?");
    private static final Pattern CLOCK = Pattern.compile("(?<![\\d.:])(\\d{1,2}):(\\d{2})(?::\\d{2})?(?![\\d:])");
    // A quantity: not part of a name such as llama3, p95 or v2 (preceded by a letter), thousands separators allowed.
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\p{L}\\p{N}_.,])-?(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=\\S)");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** The answer as publishable parts, or empty when it must not be published. */
    public Optional<Cleaned> check(AiInsight answer) {
        if (answer == null || answer.summary() == null || answer.summary().isBlank()) {
            return Optional.empty();
        }
        List<String> all = new ArrayList<>();
        all.add(answer.summary());
        if (answer.likelyCauses() != null) {
            answer.likelyCauses().stream().filter(c -> c != null).forEach(c -> {
                all.add(c.cause());
                all.add(c.evidence());
            });
        }
        if (answer.recommendedActions() != null) {
            all.addAll(answer.recommendedActions());
        }
        for (String text : all) {
            if (text != null && contradicts(text)) {
                return Optional.empty();
            }
        }
        String summary = keepGroundedSentences(answer.summary());
        if (summary.isBlank() || (headline != null && !new Grounding(List.of(headline), times, null, null, null)
                .statesAnyNumber(summary))) {
            return Optional.empty();
        }
        List<String> causes = new ArrayList<>();
        if (answer.likelyCauses() != null) {
            for (AiInsight.Cause c : answer.likelyCauses()) {
                if (c != null && c.cause() != null && !c.cause().isBlank() && grounded(c.cause())) {
                    boolean evidence = c.evidence() != null && !c.evidence().isBlank() && grounded(c.evidence());
                    causes.add(evidence ? c.cause().strip() + " (evidence: " + c.evidence().strip() + ")" : c.cause().strip());
                }
            }
        }
        List<String> actions = new ArrayList<>();
        if (answer.recommendedActions() != null) {
            answer.recommendedActions().stream().filter(a -> a != null && !a.isBlank() && grounded(a))
                    .map(String::strip).forEach(actions::add);
        }
        boolean dropped = !summary.equals(answer.summary().strip())
                || causes.size() != (answer.likelyCauses() == null ? 0 : answer.likelyCauses().size())
                || actions.size() != (answer.recommendedActions() == null ? 0 : answer.recommendedActions().size());
        return Optional.of(new Cleaned(summary, causes, actions, answer.confidence(), dropped));
    }

    /** The publishable parts of an answer; {@code dropped} says whether anything ungrounded was removed. */
    public record Cleaned(String summary, List<String> likelyCauses, List<String> recommendedActions,
                          AiInsight.Confidence confidence, boolean dropped) {
    }

    String keepGroundedSentences(String text) {
        StringBuilder kept = new StringBuilder();
        for (String sentence : SENTENCE_END.split(text.strip())) {
            if (grounded(sentence)) {
                kept.append(kept.length() == 0 ? "" : " ").append(sentence.strip());
            }
        }
        return kept.toString();
    }

    /** Whether every time and number in {@code text} is one of the facts (within the rounding shown). */
    boolean grounded(String text) {
        StringBuilder rest = new StringBuilder();
        Matcher iso = ISO_TIME.matcher(text);
        int last = 0;
        while (iso.find()) {
            if (!knownTime(iso.group(), iso.group(1) != null ? iso.group(1) + ":" + iso.group(2) : null)) {
                return false;
            }
            rest.append(text, last, iso.start()).append(' ');
            last = iso.end();
        }
        rest.append(text.substring(last));
        String withoutDates = rest.toString();
        Matcher clock = CLOCK.matcher(withoutDates);
        StringBuilder numbersOnly = new StringBuilder();
        last = 0;
        while (clock.find()) {
            String hhmm = String.format(Locale.ROOT, "%02d:%s", Integer.parseInt(clock.group(1)), clock.group(2));
            if (times.stream().noneMatch(t -> MINUTE.format(t).equals(hhmm))) {
                return false;
            }
            numbersOnly.append(withoutDates, last, clock.start()).append(' ');
            last = clock.end();
        }
        numbersOnly.append(withoutDates.substring(last));
        Matcher n = NUMBER.matcher(numbersOnly);
        while (n.find()) {
            if (!knownNumber(n.group().replace(",", ""))) {
                return false;
            }
        }
        return true;
    }

    private boolean statesAnyNumber(String text) {
        Matcher n = NUMBER.matcher(ISO_TIME.matcher(text).replaceAll(" "));
        while (n.find()) {
            if (knownNumber(n.group().replace(",", ""))) {
                return true;
            }
        }
        return false;
    }

    private boolean knownTime(String stated, String hhmm) {
        String day = stated.substring(0, 10);
        return times.stream().anyMatch(t -> DAY.format(t).equals(day) && (hhmm == null || MINUTE.format(t).equals(hhmm)));
    }

    /**
     * Whether {@code stated} is a fact rounded to the digits shown. A fact may be rounded further than we
     * printed it, but not below two significant digits (so "100" does not pass for 123), and the sign may be
     * dropped ("fell 12%" for a growth of -12 %).
     */
    boolean knownNumber(String stated) {
        BigDecimal x = new BigDecimal(stated).abs();
        int shown = significantDigits(stated);
        for (double fact : numbers) {
            BigDecimal f = new BigDecimal(Math.abs(fact));
            if (x.signum() == 0 || f.signum() == 0) {
                if (x.signum() == 0 && f.compareTo(new BigDecimal("0.0005")) < 0) {
                    return true;
                }
                continue;
            }
            int factDigits = significantDigits(Numbers.format(Math.abs(fact)));
            if (shown < Math.min(2, factDigits)) {
                continue;
            }
            if (f.round(new MathContext(shown)).compareTo(x.round(new MathContext(shown))) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Significant digits as written; trailing zeros of an integer are taken as rounding ("1200" has 2). */
    static int significantDigits(String s) {
        String digits = s.replace("-", "").replace(",", "");
        boolean decimal = digits.contains(".");
        digits = digits.replace(".", "").replaceFirst("^0+", "");
        if (!decimal) {
            digits = digits.replaceFirst("0+$", "");
        }
        return Math.max(1, digits.length());
    }

    private boolean contradicts(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (severity != null) {
            Matcher m = Pattern.compile("\\b(low|medium|moderate|high|critical|severe)[- ]severity\\b|\\bseverity(?: is| of|:)?\\s+(low|medium|moderate|high|critical)\\b").matcher(t);
            while (m.find()) {
                String word = m.group(1) != null ? m.group(1) : m.group(2);
                String normal = switch (word) {
                    case "moderate" -> "medium";
                    case "critical", "severe" -> "high";
                    default -> word;
                };
                if (!normal.equals(severity.label())) {
                    return true;
                }
            }
        }
        if (direction != null) {
            boolean saysUp = t.matches("(?s).*\\b(upward|upwards|increasing|rising|growing|trending up|uptrend)\\b.*");
            boolean saysDown = t.matches("(?s).*\\b(downward|downwards|decreasing|declining|falling|shrinking|trending down|downtrend)\\b.*");
            return switch (direction) {
                case UP -> saysDown;
                case DOWN -> saysUp;
                case STABLE -> saysUp || saysDown;
            };
        }
        return false;
    }
}
