package io.dashinsights.insight;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a slow model: every error-spike explanation takes {@code bench.explain-latency-ms}
 * (2,000 ms by default) before the template answers. Only enabled by test profiles that list it
 * ({@code QuarkusTestProfile#getEnabledAlternatives}), e.g. the webhook benchmark. A singleton: a
 * normal-scoped subclass would need a no-args constructor Explainer does not have.
 */
@Alternative
@Singleton
public class SlowExplainer extends Explainer {

    public static final AtomicInteger CALLS = new AtomicInteger();
    private static final long LATENCY_MS = Long.getLong("bench.explain-latency-ms", 2_000);

    SlowExplainer(TemplateWriter template) {
        super(template);
    }

    @Override
    public Explanation errorSpike(ErrorSpikeFacts facts) {
        try {
            Thread.sleep(LATENCY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CALLS.incrementAndGet();
        return super.errorSpike(facts);
    }
}
