package io.dashinsights.capacity;

import io.dashinsights.config.InsightsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limit itself, without Quarkus: callers beyond it wait their turn, and give up as busy after max-wait. */
class DependencyLimitsQueueTest {

    @Test
    void callersBeyondTheLimitWaitAndAllComplete() throws Exception {
        DependencyLimits limits = limits(3, Duration.ofSeconds(30));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                results.add(callers.submit(() -> limits.call(Dependency.PROMETHEUS, () -> {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    sleep(20);
                    inFlight.decrementAndGet();
                    return n;
                })));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
            }
        }
        assertThat(most.get()).isEqualTo(3);
        assertThat(registry.find("insights.dependency.calls").tag("dependency", "prometheus").tag("state", "in_flight")
                .gauge().value()).isZero();
    }

    @Test
    void aCallThatFindsNoFreeSlotWithinMaxWaitFailsAsBusyNamingTheSetting() throws Exception {
        DependencyLimits limits = limits(1, Duration.ofMillis(100));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> limits.call(Dependency.GRAFANA, () -> {
            holding.countDown();
            await(release);
            return null;
        }));
        holding.await();
        assertThatThrownBy(() -> limits.call(Dependency.GRAFANA, () -> "never"))
                .isInstanceOf(DependencyBusyException.class).hasMessageContaining("insights.limits.grafana");
        // Another dependency's slots are separate.
        assertThat(limits.call(Dependency.PROMETHEUS, () -> "free")).isEqualTo("free");
        release.countDown();
        holder.join();
        assertThat(limits.call(Dependency.GRAFANA, () -> "again")).isEqualTo("again");
    }

    @Test
    void aCallMadeWhileHoldingASlotOfTheSameDependencyDoesNotWaitForASecondOne() {
        DependencyLimits limits = limits(1, Duration.ofMillis(200));
        String nested = limits.call(Dependency.GRAFANA, () -> limits.call(Dependency.GRAFANA, () -> "inner"));
        assertThat(nested).isEqualTo("inner");
        assertThat(limits.call(Dependency.GRAFANA, () -> "slot released")).isEqualTo("slot released");
    }

    private SimpleMeterRegistry registry;

    private DependencyLimits limits(int size, Duration maxWait) {
        Map<String, Object> values = Map.of("prometheus", size, "grafana", size, "model", size, "maxWait", maxWait,
                "analysisThreads", 0);
        InsightsConfig.Limits groupProxy = (InsightsConfig.Limits) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InsightsConfig.Limits.class}, (p, m, a) -> values.get(m.getName()));
        InsightsConfig config = (InsightsConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InsightsConfig.class}, (p, m, a) -> "limits".equals(m.getName()) ? groupProxy : null);
        registry = new SimpleMeterRegistry();
        return new DependencyLimits(config, registry);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
