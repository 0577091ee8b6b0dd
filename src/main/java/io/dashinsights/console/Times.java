package io.dashinsights.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console writes times and numbers: UTC, to the second, the same on every page. */
final class Times {

    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String format(Long epochMs) {
        return epochMs == null ? "never" : FULL.format(Instant.ofEpochMilli(epochMs));
    }

    /** "3 min ago", "in 12 min": what an operator reads first. */
    static String relative(Long epochMs, long now) {
        if (epochMs == null) {
            return "";
        }
        long seconds = (epochMs - now) / 1000;
        long abs = Math.abs(seconds);
        String span = abs < 60 ? abs + " s" : abs < 3600 ? abs / 60 + " min" : abs < 172_800 ? abs / 3600 + " h"
                : abs / 86_400 + " d";
        return seconds <= 0 ? span + " ago" : "in " + span;
    }

    /** A window or interval the way the config writes it: 15m, 24h, 7d. */
    static String span(java.time.Duration d) {
        long m = d.toMinutes();
        return m % 1440 == 0 && m > 1440 ? m / 1440 + "d" : m % 60 == 0 ? m / 60 + "h" : m + "m";
    }

    /** Short but enough digits to compare: 1234, 12.35, 0.0421. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        double abs = Math.abs(v);
        String pattern = abs >= 100 || v == Math.rint(v) ? "%.0f" : abs >= 1 ? "%.2f" : "%.3g";
        return String.format(Locale.ROOT, pattern, v);
    }
}
