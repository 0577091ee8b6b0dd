package io.dashinsights.insight;

import java.util.Map;

/** Settings the provider test profiles share: a short timeout, and a breaker that stays closed between tests. */
final class ModelProfiles {

    private ModelProfiles() {
    }

    static Map<String, String> overrides(String model) {
        return Map.of("insights.ai.model", model, "insights.ai.timeout", "3s",
                // Tests fail calls on purpose; the breaker has its own test (ModelDownTest).
                "insights.ai.circuit-window", "1000", "insights.ai.circuit-failure-ratio", "1.0");
    }
}
