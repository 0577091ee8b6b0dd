package io.dashinsights.insight;

import io.dashinsights.domain.Investigation;

import java.util.List;

/**
 * Words around computed numbers. {@code author} is {@code template} or the model name; it is published
 * (as tag {@code ai:<author>}) so readers know who wrote the text. {@code confidence} is the model's own
 * (low/medium/high), null for the template. {@code investigation} is what the checks found before it was written
 * (null when there was none).
 */
public record Explanation(String summary, List<String> likelyCauses, List<String> recommendedActions, String author,
                          String confidence, Investigation investigation) {

    public Explanation(String summary, List<String> likelyCauses, List<String> recommendedActions, String author) {
        this(summary, likelyCauses, recommendedActions, author, null, null);
    }

    public Explanation(String summary, List<String> likelyCauses, List<String> recommendedActions, String author,
                       String confidence) {
        this(summary, likelyCauses, recommendedActions, author, confidence, null);
    }

    /** The same words with the investigation they were based on (kept for the console, never published). */
    public Explanation withInvestigation(Investigation investigation) {
        return new Explanation(summary, likelyCauses, recommendedActions, author, confidence, investigation);
    }

    /**
     * The annotation/panel text as plain lines ({@code \n}): what happened, the likely causes, what to check, and
     * who wrote it. The push turns the lines into escaped HTML.
     */
    public String text() {
        StringBuilder sb = new StringBuilder(summary);
        if (!likelyCauses.isEmpty()) {
            sb.append(likelyCauses.size() == 1 ? "\nLikely cause: " : "\nLikely causes: ")
                    .append(String.join("; ", likelyCauses));
        }
        if (!recommendedActions.isEmpty()) {
            sb.append("\nCheck: ").append(String.join("; ", recommendedActions));
        }
        return sb.append('\n').append(byline()).toString();
    }

    /** Who wrote the words, as readers see it under the text. */
    public String byline() {
        String by = author.equals(TemplateWriter.AUTHOR) ? "Written by the template from computed facts"
                : "Written by AI model " + author + " from computed facts";
        return confidence == null ? by : by + " (confidence " + confidence + ")";
    }

    public String tag() {
        return "ai:" + author;
    }
}
