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

    /** The annotation/panel text: summary, then causes and actions as short lines. */
    public String text() {
        StringBuilder sb = new StringBuilder(summary);
        if (!likelyCauses.isEmpty()) {
            sb.append("\nLikely causes: ").append(String.join("; ", likelyCauses));
        }
        if (!recommendedActions.isEmpty()) {
            sb.append("\nRecommended: ").append(String.join("; ", recommendedActions));
        }
        sb.append("\n(written by ").append(author.equals(TemplateWriter.AUTHOR) ? "template" : "AI model " + author);
        if (confidence != null) {
            sb.append(", confidence ").append(confidence);
        }
        return sb.append(')').toString();
    }

    public String tag() {
        return "ai:" + author;
    }
}
