package io.dashinsights.capacity;

import io.dashinsights.config.InsightsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Per-dependency concurrency limits for the whole process. With dashboards and alerts on virtual threads,
 * thousands of calls could be in flight at once; a fair semaphore per dependency keeps what reaches a
 * shared Prometheus, Grafana or model server at the configured number, and the rest wait their turn (FIFO).
 * In flight and waiting are published as {@code insights_dependency_calls{dependency,state}}.
 */
@ApplicationScoped
public class DependencyLimits {

    /** Slots this thread holds, per dependency (a virtual thread has its own). */
    private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[Dependency.values().length]);

    private final Map<Dependency, Semaphore> slots = new EnumMap<>(Dependency.class);
    private final Map<Dependency, Integer> sizes = new EnumMap<>(Dependency.class);
    private final long maxWaitNanos;

    DependencyLimits(InsightsConfig config, MeterRegistry registry) {
        InsightsConfig.Limits limits = config.limits();
        sizes.put(Dependency.PROMETHEUS, limits.prometheus());
        sizes.put(Dependency.GRAFANA, limits.grafana());
        sizes.put(Dependency.MODEL, limits.model());
        this.maxWaitNanos = limits.maxWait().toNanos();
        // Each size is at least 1: @Positive on InsightsConfig.Limits, validated at startup.
        sizes.forEach((dependency, size) -> {
            Semaphore semaphore = new Semaphore(size, true);
            slots.put(dependency, semaphore);
            Gauge.builder("insights.dependency.calls", semaphore, s -> size - s.availablePermits())
                    .tag("dependency", name(dependency)).tag("state", "in_flight")
                    .description("Calls to the dependency in flight (at most insights.limits.<dependency>)")
                    .register(registry);
            Gauge.builder("insights.dependency.calls", semaphore, Semaphore::getQueueLength)
                    .tag("dependency", name(dependency)).tag("state", "waiting")
                    .description("Calls waiting for a free slot to the dependency").register(registry);
        });
    }

    /** Runs {@code call} once a slot to {@code dependency} is free; fails as busy after insights.limits.max-wait. */
    public <T> T call(Dependency dependency, Supplier<T> call) {
        int[] held = HELD.get();
        if (held[dependency.ordinal()] > 0) {
            // Already inside a call to this dependency on this thread (a client method calling another one):
            // it is the same piece of work, and waiting for a second slot could deadlock once all are held.
            return call.get();
        }
        Semaphore semaphore = slots.get(dependency);
        try {
            if (!semaphore.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                throw new DependencyBusyException(name(dependency) + ": all " + sizes.get(dependency) + " slots busy for "
                        + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + " ms (insights.limits." + name(dependency) + ")");
            }
        } catch (InterruptedException e) {
            // A @Timeout around the call interrupts the wait: the deadline covers queueing too.
            Thread.currentThread().interrupt();
            throw new DependencyBusyException(name(dependency) + ": interrupted while waiting for a free slot");
        }
        held[dependency.ordinal()]++;
        try {
            return call.get();
        } finally {
            held[dependency.ordinal()]--;
            semaphore.release();
        }
    }

    /** The configured limit (for tests and the log). */
    public int limit(Dependency dependency) {
        return sizes.get(dependency);
    }

    private static String name(Dependency dependency) {
        return dependency.name().toLowerCase(Locale.ROOT);
    }
}
