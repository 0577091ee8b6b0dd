package io.dashinsights.insight;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Micrometer meters of the explanation step. Per HTTP request to the model (as a {@link ChatModelListener}
 * on the model we build): requests, failures, latency, prompt and response tokens. Per explanation (from
 * the {@link Explainer}): outcome, latency including the retry, and fallbacks to the template by reason.
 */
@ApplicationScoped
public class AiMetrics implements ChatModelListener {

    private static final String STARTED = "insights.started";

    private final MeterRegistry registry;

    AiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onRequest(ChatModelRequestContext context) {
        context.attributes().put(STARTED, System.nanoTime());
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        request("ok", context.attributes().get(STARTED));
        TokenUsage usage = context.chatResponse().tokenUsage();
        if (usage != null) {
            tokens("prompt", usage.inputTokenCount());
            tokens("response", usage.outputTokenCount());
        }
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        request("failed", context.attributes().get(STARTED));
        Counter.builder("insights.ai.failures").description("Failed requests to the model")
                .tag("error", context.error().getClass().getSimpleName()).register(registry).increment();
    }

    private void request(String outcome, Object started) {
        Timer.Builder timer = Timer.builder("insights.ai.requests").description("HTTP requests to the model")
                .tag("outcome", outcome);
        if (started instanceof Long nanos) {
            timer.register(registry).record(Duration.ofNanos(System.nanoTime() - nanos));
        }
    }

    private void tokens(String type, Integer count) {
        if (count != null) {
            Counter.builder("insights.ai.tokens").description("Tokens the model reported").tag("type", type)
                    .register(registry).increment(count);
        }
    }

    /** One explanation asked of the model; {@code outcome} is published, cleaned or fallback. */
    void explanation(String kind, String outcome, Duration latency) {
        Counter.builder("insights.ai.calls").description("Explanations asked of the model")
                .tag("kind", kind).tag("outcome", outcome).register(registry).increment();
        Timer.builder("insights.ai.latency").description("Time to a usable model answer, retry included")
                .tag("kind", kind).register(registry).record(latency);
    }

    /** The template was published instead of the model's text, and why. */
    void fallback(String kind, String reason) {
        Counter.builder("insights.ai.fallbacks").description("Explanations written by the template instead")
                .tag("kind", kind).tag("reason", reason).register(registry).increment();
    }
}
