package io.dashinsights.insight;

import io.dashinsights.support.LlmStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/** The explanation contract against an OpenAI-compatible {@code /v1/chat/completions}. */
@QuarkusTest
@TestProfile(OpenAiExplainerTest.OpenAi.class)
class OpenAiExplainerTest extends ExplainerOverHttpContract {

    public static class OpenAi implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ModelProfiles.overrides("qwen2.5-7b-instruct");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LlmStandIn.class, Map.of("provider", "openai")));
        }
    }

    @Override
    String provider() {
        return "openai";
    }

    @Override
    String model() {
        return "qwen2.5-7b-instruct";
    }

    @Test
    void sendsTheConfiguredKeyAndModel() {
        llm.stubFor(LlmStandIn.chat("openai").willReturn(LlmStandIn.answer("openai", model(),
                insight("Requests peaked at 512.", "burst", "peak 512", "check the load balancer"))));

        explainer.anomaly("Checkout", "http_requests_total", InsightSamples.region());

        llm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + LlmStandIn.OPENAI_KEY)));
    }
}
