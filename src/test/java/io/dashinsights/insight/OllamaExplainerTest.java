package io.dashinsights.insight;

import io.dashinsights.support.LlmStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import java.util.List;
import java.util.Map;

/** The explanation contract against Ollama's {@code /api/chat}. */
@QuarkusTest
@TestProfile(OllamaExplainerTest.Ollama.class)
class OllamaExplainerTest extends ExplainerOverHttpContract {

    public static class Ollama implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ModelProfiles.overrides("llama3");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LlmStandIn.class, Map.of("provider", "ollama")));
        }
    }

    @Override
    String provider() {
        return "ollama";
    }

    @Override
    String model() {
        return "llama3";
    }
}
