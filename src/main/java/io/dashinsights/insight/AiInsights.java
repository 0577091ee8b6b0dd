package io.dashinsights.insight;

import java.util.List;

/**
 * A model's answer for all incidents of one dashboard run (one call per run, so a run waits for at most one model
 * timeout): one {@link AiInsight} per incident, in the order the incidents were given.
 */
public record AiInsights(List<AiInsight> incidents) {
}
