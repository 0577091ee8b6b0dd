package io.dashinsights.insight;

import java.math.BigDecimal;
import java.math.MathContext;
import io.dashinsights.domain.Unit;

import java.util.Locale;

/** How numbers appear in published text: one place, so the grounding check can recognise them again. */
public final class Numbers {

    private Numbers() {
    }

    /** Three significant digits, no exponent, no trailing zeros ("1234.5" → "1230", "0.07213" → "0.0721"). */
    public static String format(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(3));
        String s = rounded.abs().compareTo(BigDecimal.valueOf(1000)) >= 0
                ? String.format(Locale.ROOT, "%,d", rounded.toBigInteger()).replace(",", "")
                : rounded.stripTrailingZeros().toPlainString();
        return s;
    }

    /** Three significant digits with an SI suffix from a thousand on ("3340" → "3.34k", "2.5e6" → "2.5M"). */
    public static String si(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        String[] suffixes = {"", "k", "M", "G", "T", "P"};
        double abs = Math.abs(v);
        int i = 0;
        // Round first, so 999,950 reads "1M" and not "1000k".
        while (i < suffixes.length - 1 && new BigDecimal(abs).round(new MathContext(3)).doubleValue() >= 1000) {
            abs /= 1000;
            i++;
        }
        return (v < 0 ? "-" : "") + format(abs) + suffixes[i];
    }

    /** A value as readers want it: "6.7%" for a ratio, "12.3k/s" for a rate, "1.77k" otherwise. */
    public static String value(double v, Unit unit) {
        return switch (unit) {
            case RATIO -> percent(v);
            case PER_SECOND -> si(v) + "/s";
            case PLAIN -> si(v);
        };
    }

    /** A difference of two values: percentage points for ratios, with its sign. */
    public static String change(double delta, Unit unit) {
        String sign = delta >= 0 ? "+" : "−";
        return switch (unit) {
            case RATIO -> sign + String.format(Locale.ROOT, "%.1f", Math.abs(delta) * 100) + " pp";
            case PER_SECOND -> sign + si(Math.abs(delta)) + "/s";
            case PLAIN -> sign + si(Math.abs(delta));
        };
    }

    /** A p-value as people read it: "< 0.001" rather than a rounded zero. */
    public static String pValue(double p) {
        return p < 0.001 ? "< 0.001" : "= " + format(p);
    }

    /** A percentage with one decimal ("7.2%"). */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
