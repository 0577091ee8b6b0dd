package io.dashinsights.grafana;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tags as Grafana keeps them. Grafana's {@code ParseTagPairs} (grafana/grafana {@code pkg/services/tag/model.go},
 * commit 229504766f54a9c49f0470d0145ff194493ae18e) splits a tag on every {@code :} and keeps only the key and the
 * first value ({@code alertname:Checkout:Errors} becomes {@code alertname:Checkout}), trims spaces and drops empty
 * keys and duplicates; the annotation store refuses a tags array whose JSON is longer than
 * {@code [annotations] tags_length} (default {@value #MAX_JSON_LENGTH}) with a 400. So: one {@code :} per tag,
 * {@code :} and {@code ,} inside a value replaced (a comma would also split our own lists), each tag cut to
 * {@value #MAX_TAG} characters, and the least important tags (the last) dropped until the array fits.
 */
public final class AnnotationTags {

    /** Grafana's default {@code [annotations] tags_length}: the JSON length of the tags array. */
    public static final int MAX_JSON_LENGTH = 500;
    static final int MAX_TAG = 100;

    private AnnotationTags() {
    }

    /** One {@code key:value} tag whose value survives Grafana's parser whole. */
    public static String pair(String key, String value) {
        return clean(key) + ":" + clean(value);
    }

    /** The tags, most important first, made safe and cut to fit Grafana's limit. */
    public static List<String> safe(List<String> tags) {
        Set<String> out = new LinkedHashSet<>();
        for (String tag : tags) {
            if (tag == null) {
                continue;
            }
            int colon = tag.indexOf(':');
            String safe = colon < 0 ? clean(tag) : pair(tag.substring(0, colon), tag.substring(colon + 1));
            if (safe.length() > MAX_TAG) {
                safe = safe.substring(0, MAX_TAG).strip();
            }
            if (!safe.isEmpty() && !safe.startsWith(":")) {
                out.add(safe.endsWith(":") ? safe.substring(0, safe.length() - 1) : safe);
            }
        }
        List<String> kept = new ArrayList<>(out);
        while (!kept.isEmpty() && jsonLength(kept) > MAX_JSON_LENGTH) {
            kept.remove(kept.size() - 1);
        }
        return List.copyOf(kept);
    }

    /** Bytes of the array as Go's encoding/json writes it (it escapes {@code < > &} as {@code \u003c}). */
    static int jsonLength(List<String> tags) {
        int length = 2 + Math.max(0, tags.size() - 1);
        for (String tag : tags) {
            length += 2;
            for (int i = 0; i < tag.length(); i++) {
                char c = tag.charAt(i);
                if (c == '"' || c == '\\') {
                    length += 2;
                } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                    length += 6;
                } else if (!Character.isSurrogate(c)) {
                    length += String.valueOf(c).getBytes(StandardCharsets.UTF_8).length;
                } else {
                    length += 2; // half of a 4-byte UTF-8 character
                }
            }
        }
        return length;
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace(':', '.').replace(',', ';').replaceAll("\\s+", " ").strip();
    }
}
