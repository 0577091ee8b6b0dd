package io.dashinsights.contract;

import io.dashinsights.config.InsightsConfig;
import io.dashinsights.config.InsightsConfig.Invoker.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import io.smallrye.common.annotation.Identifier;

import java.time.Clock;

/** Chooses the invoker from configuration and provides the clock (tests replace neither: they configure). */
@ApplicationScoped
public class ContractProducers {

    /** Qualifies the invoker for callers that need the next stage's answer (see {@link #answering}). */
    public static final String ANSWERING = "answering";

    @Produces
    @ApplicationScoped
    Invoker invoker(InsightsConfig config, Instance<Stage> stages, Instance<InvokerFactory> factories) {
        InsightsConfig.Invoker invoker = config.invoker();
        return switch (invoker.kind()) {
            case IN_PROCESS -> new InProcessInvoker(stages);
            case HTTP -> http(invoker);
            case BROKER -> new BrokerInvoker(invoker.sink().orElseThrow(() -> new IllegalStateException(
                    "insights.invoker=broker needs the sink: K_SINK (a SinkBinding injects it) or insights.invoker.sink")),
                    invoker.timeout());
            case SQS -> factories.stream().filter(f -> f.kind() == Kind.SQS).findFirst()
                    .orElseThrow(() -> new IllegalStateException("insights.invoker=sqs needs the -Plambda build (AWS SDK)"))
                    .create(invoker);
        };
    }

    /**
     * For callers that use the pushed annotation's id (the alert processor): the HTTP invoker when configured,
     * else in this process. The broker and queue invokers return before the stage ran, so they cannot answer.
     */
    @Produces
    @ApplicationScoped
    @Identifier(ANSWERING)
    Invoker answering(InsightsConfig config, Instance<Stage> stages) {
        return config.invoker().kind() == Kind.HTTP ? http(config.invoker()) : new InProcessInvoker(stages);
    }

    private static HttpInvoker http(InsightsConfig.Invoker invoker) {
        return new HttpInvoker(invoker.baseUrl().orElseThrow(() -> new IllegalStateException(
                "insights.invoker=http needs insights.invoker.base-url (env INSIGHTS_INVOKER_BASE_URL)")),
                invoker.timeout(), invoker.token());
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
