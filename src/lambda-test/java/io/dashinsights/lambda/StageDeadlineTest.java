package io.dashinsights.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.LlmStandIn;
import io.dashinsights.support.StandIns;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stage whose model never answers in time still publishes: the model's own timeout (30 s here) is longer than
 * the time the stage has, so the stage stops waiting at its deadline less the reserve and pushes the template
 * explanation. The deadline is Lambda's remaining time when the runtime says it, else the configured budget
 * (the mock event server sends no deadline, as a Knative delivery does not).
 */
@QuarkusTest
@TestProfile(StageDeadlineTest.HangingModel.class)
class StageDeadlineTest {

    public static class HangingModel extends LambdaEvents.Handler {
        public HangingModel() {
            super("prepare-trend");
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("insights.ai.timeout", "30s");
            config.put("insights.invoker.stage-budget", "15s");
            config.put("insights.invoker.deadline-reserve", "2s");
            // Only this test asks the model: keep the breaker from skipping it for an unrelated reason.
            config.put("insights.ai.circuit-window", "1000");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StandIns.class), new TestResourceEntry(LlmStandIn.class,
                    Map.of("provider", "ollama")));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @StandIns.Server
    WireMockServer stub;

    @LlmStandIn.Server
    WireMockServer model;

    @Inject
    DashboardImporter importer;

    @Inject
    PrepareTrendHandler handler;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void stubs() {
        StandIns.stubMetricsAndGrafana(stub);
        model.resetAll();
        registry.find("insights.ai.fallbacks").counters().forEach(registry::remove);
        // Answers, but only after a minute: longer than any deadline here.
        model.stubFor(LlmStandIn.chat("ollama").willReturn(LlmStandIn.answer("ollama", "llama3",
                "{\"summary\":\"late\",\"likelyCauses\":[],\"recommendedActions\":[]}").withFixedDelay(60_000)));
    }

    @Test
    void stageWhoseModelHangsPushesTheTemplateWithinTheConfiguredBudget() throws Exception {
        importer.importJson(Dashboards.one("deadline-budget", "trend_analysis", "uid-deadline-b"));
        String event = TestQueues.event("prepare-trend",
                List.of(message(Dashboards.envelope("prepare-trend", "deadline-budget-1", "deadline-budget"))));

        JsonNode answer = JSON.readTree(LambdaEvents.invoke(event).statusCode(200).extract().asString());

        assertThat(answer.path("batchItemFailures")).isEmpty();
        assertThat(model.findAll(postRequestedFor(urlEqualTo("/api/chat")))).as("the model was asked").isNotEmpty();
        // The wait was cut by the 15 s budget, not by the model's own 30 s timeout: the "deadline" fallback is
        // counted only when the deadline cut the wait. (No wall-clock bound on the whole invocation here: on a
        // loaded test machine fetching, analysis and the first invocation's warm-up take many seconds of their own.)
        assertThat(deadlineFallbacks()).as("explanations given up at the deadline").isPositive();
        assertTemplatePushedTo("uid-deadline-b");
    }

    @Test
    void stageWhoseModelHangsPushesTheTemplateWithinLambdasRemainingTime() {
        importer.importJson(Dashboards.one("deadline-lambda", "trend_analysis", "uid-deadline-l"));
        JsonNode event;
        try {
            event = JSON.readTree(TestQueues.event("prepare-trend",
                    List.of(message(Dashboards.envelope("prepare-trend", "deadline-lambda-1", "deadline-lambda")))));
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        long start = System.nanoTime();
        Object answer = handler.handleRequest(event, remaining(8_000));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(((SQSBatchResponse) answer).getBatchItemFailures()).isEmpty();
        assertThat(model.findAll(postRequestedFor(urlEqualTo("/api/chat")))).as("the model was asked").isNotEmpty();
        assertThat(deadlineFallbacks()).as("explanations given up at the deadline").isPositive();
        assertThat(tookMs).as("Lambda's 8 s, shorter than the 15 s budget, was the deadline").isLessThan(15_000);
        assertTemplatePushedTo("uid-deadline-l");
    }

    /** Grafana got the stage's annotation, written by the template. */
    private void assertTemplatePushedTo(String uid) {
        stub.verify(postRequestedFor(urlEqualTo("/api/annotations"))
                .withRequestBody(matchingJsonPath("$.dashboardUID", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo(uid)))
                .withRequestBody(matchingJsonPath("$.tags[?(@ == 'ai:template')]")));
    }

    private double deadlineFallbacks() {
        return registry.find("insights.ai.fallbacks").tag("reason", "deadline").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static Message message(String body) {
        return Message.builder().messageId(UUID.randomUUID().toString()).receiptHandle("rh-" + UUID.randomUUID())
                .body(body).md5OfBody("unused")
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1",
                        MessageSystemAttributeName.SENT_TIMESTAMP, String.valueOf(System.currentTimeMillis())))
                .build();
    }

    /** The Context Lambda passes: only the remaining time matters here. */
    private static Context remaining(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[]{Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) (deadline - System.currentTimeMillis());
                    case "getAwsRequestId" -> "test-request";
                    default -> null;
                });
    }
}
