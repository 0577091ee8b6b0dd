package io.dashinsights.contract;

/** How failures are put into words for answers, logs and the store: one place, so they read alike. */
public final class Failures {

    private Failures() {
    }

    /** The exception's message, or its type when it has none. */
    public static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The innermost cause as "Type: message" — for I/O errors the wrapper's message says little. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Whether {@code type} is anywhere in the cause chain. */
    public static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A response body cut to {@code max} characters for an error message. */
    public static String abbreviate(String body, int max) {
        return body.length() > max ? body.substring(0, max) + "…" : body;
    }
}
