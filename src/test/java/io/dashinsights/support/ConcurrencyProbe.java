package io.dashinsights.support;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests {@link StandIns} is serving at once, per system (Prometheus: {@code /api/v1/…}; Grafana:
 * everything else), from the moment WireMock matches a request until its response is complete (fixed delays
 * included), and keeps the most seen at once: what a shared Prometheus or Grafana would feel.
 */
public class ConcurrencyProbe implements ServeEventListener {

    private static final Map<String, AtomicInteger> IN_FLIGHT = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> MOST = new ConcurrentHashMap<>();

    @Override
    public String getName() {
        return "concurrency-probe";
    }

    @Override
    public void beforeMatch(ServeEvent event, Parameters parameters) {
        String system = system(event);
        int now = IN_FLIGHT.computeIfAbsent(system, s -> new AtomicInteger()).incrementAndGet();
        MOST.computeIfAbsent(system, s -> new AtomicInteger()).accumulateAndGet(now, Math::max);
    }

    @Override
    public void afterComplete(ServeEvent event, Parameters parameters) {
        IN_FLIGHT.computeIfAbsent(system(event), s -> new AtomicInteger()).decrementAndGet();
    }

    /** The most requests to {@code system} ("prometheus" or "grafana") in flight at once since {@link #reset()}. */
    public static int most(String system) {
        AtomicInteger m = MOST.get(system);
        return m == null ? 0 : m.get();
    }

    public static void reset() {
        MOST.clear();
    }

    private static String system(ServeEvent event) {
        return event.getRequest().getUrl().startsWith("/api/v1/") ? "prometheus" : "grafana";
    }
}
