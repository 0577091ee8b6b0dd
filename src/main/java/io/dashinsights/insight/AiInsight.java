package io.dashinsights.insight;

import java.util.List;

/**
 * What a model answers (structured output). It only explains: the numbers it may use are those in the
 * facts it was given, which {@link Grounding} checks before anything is published.
 *
 * @param summary            one or two sentences for the dashboard reader
 * @param likelyCauses       most likely first, each with the fact it rests on
 * @param recommendedActions what to check or do, most useful first
 * @param confidence         how sure the model is that its causes are right
 */
public record AiInsight(String summary, List<Cause> likelyCauses, List<String> recommendedActions,
                        Confidence confidence) {

    /** A possible cause and the given fact that points to it. */
    public record Cause(String cause, String evidence) {
    }

    public enum Confidence {
        LOW, MEDIUM, HIGH
    }
}
