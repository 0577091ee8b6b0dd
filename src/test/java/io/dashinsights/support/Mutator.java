package io.dashinsights.support;

import java.util.List;
import java.util.Random;

/** Structure-blind mutations of JSON text, the kind a broken sender or a fuzzer produces. */
public final class Mutator {

    private static final List<String> TOKENS = List.of("null", "true", "false", "0", "-1", "1e309", "\"\"", "[]",
            "{}", "\"x\"", "{", "}", "[", "]", ",", ":", "\"", "\\u0000", "NaN", "\"data\"", "\"id\"", "9999999999999999999");

    private Mutator() {
    }

    public static String mutate(String json, Random random) {
        StringBuilder s = new StringBuilder(json);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(5)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                case 2 -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
                case 3 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(20)));
                default -> {
                    int from = random.nextInt(s.length());
                    int to = Math.min(s.length(), from + 1 + random.nextInt(15));
                    s.insert(at, s.substring(from, to));
                }
            }
        }
        return s.toString();
    }
}
