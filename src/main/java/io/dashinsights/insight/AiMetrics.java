package io.dashinsights.insight;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /**
     * quarkus-langchain4j 1.7.4 meters each guardrail twice under one name: {@code @Counted}/{@code @Timed}
     * added by GuardrailObservabilityProcessor (tags class, method, …) and GuardrailMetricsObserverSupport
     * (tags aiservice, guardrail, …). Prometheus refuses the second tag set and the extension logs a warning
     * on every explanation; the observer's meters say more, so the annotation-based ones are dropped.
     */
    @Produces
    @Singleton
    MeterFilter oneGuardrailMeterSet() {
        return MeterFilter.deny(id -> id.getName().startsWith("guardrail.") && id.getTag("class") != null);
    }

    /**
     * How often the model's words were used for one kind of explanation since this process started:
     * {@code published} + {@code cleaned} out of all explanations asked of the model.
     */
    public record PublishRate(String kind, long published, long cleaned, long template) {
        public long asked() {
            return published + cleaned + template;
        }

        /** Percentage of explanations that went out with the model's text, e.g. "92%"; "–" before any. */
        public String rate() {
            return asked() == 0 ? "–" : Math.round(100.0 * (published + cleaned) / asked()) + "%";
        }
    }

    /** The publish rate of each kind asked so far, from {@code insights_ai_calls_total{kind,outcome}}. */
    public List<PublishRate> publishRates() {
        Map<String, long[]> byKind = new TreeMap<>();
        for (Counter c : registry.find("insights.ai.calls").counters()) {
            long[] n = byKind.computeIfAbsent(c.getId().getTag("kind"), k -> new long[3]);
            switch (String.valueOf(c.getId().getTag("outcome"))) {
                case "published" -> n[0] += (long) c.count();
                case "cleaned" -> n[1] += (long) c.count();
                default -> n[2] += (long) c.count();
            }
        }
        return byKind.entrySet().stream().map(e -> new PublishRate(e.getKey(), e.getValue()[0], e.getValue()[1],
                e.getValue()[2])).toList();
    }

    /** The template was published instead of the model's text, and why. */
    void fallback(String kind, String reason) {
        Counter.builder("insights.ai.fallbacks").description("Explanations written by the template instead")
                .tag("kind", kind).tag("reason", reason).register(registry).increment();
    }
}
