package io.dashinsights.contract;

import io.dashinsights.config.InsightsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** Chooses the invoker from configuration and provides the clock (tests replace neither: they configure). */
@ApplicationScoped
public class ContractProducers {

    @Produces
    @ApplicationScoped
    Invoker invoker(InsightsConfig config, Instance<Stage> stages) {
        return switch (config.invoker().kind()) {
            case IN_PROCESS -> new InProcessInvoker(stages);
            case HTTP -> new HttpInvoker(config.invoker().baseUrl().orElseThrow(() -> new IllegalStateException(
                    "insights.invoker=http needs insights.invoker.base-url (env INSIGHTS_INVOKER_BASE_URL)")),
                    config.invoker().timeout(), config.invoker().token());
        };
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
