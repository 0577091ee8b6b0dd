package io.dashinsights.investigation;

import io.dashinsights.domain.Investigation;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.Deadline;
import io.dashinsights.grafana.GrafanaClient;
import io.dashinsights.domain.Investigation.Cause;
import io.dashinsights.domain.Investigation.Check;
import io.dashinsights.domain.Investigation.CheckResult;
import io.dashinsights.domain.Investigation.Outcome;
import io.dashinsights.domain.MetricsSource;
import io.dashinsights.metrics.PrometheusClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs the checks of one incident side by side before it is explained, within one time budget and one query
 * budget. A check that fails or runs out of time is reported as such and only removes its part; the
 * investigation itself never throws, so the annotation always goes out.
 */
@ApplicationScoped
public class Investigator {

    private static final Logger LOG = Logger.getLogger(Investigator.class);

    private final InsightsConfig.Investigation settings;
    private final Duration reserve;
    private final Checks checks;
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    // Checks wait on Prometheus and Grafana, not the CPU: one virtual thread each (a cancelled check is interrupted
    // like a platform thread), so 64 dashboards' incidents do not hold hundreds of platform threads. What reaches
    // Prometheus and Grafana is bounded by DependencyLimits.
    private final ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("investigation-", 0)
            .factory());

    Investigator(InsightsConfig config, PrometheusClient prometheus, @Named("active") MetricsSource metrics,
                 GrafanaClient grafana, MeterRegistry registry, Clock clock) {
        this.settings = config.investigation();
        this.reserve = config.invoker().deadlineReserve();
        this.registry = registry;
        this.checks = new Checks(settings, config.prometheus().url().isPresent() ? prometheus : null, metrics,
                config.grafana().url().isPresent() ? grafana : null, clock);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /**
     * Several incidents at once (one dashboard run), side by side: the run waits about one investigation timeout,
     * not one per incident. Same order as the requests.
     */
    public List<Investigation> investigateAll(List<InvestigationRequest> requests) {
        List<Future<Investigation>> running = requests.stream().map(r -> pool.submit(() -> investigate(r))).toList();
        List<Investigation> out = new ArrayList<>();
        for (Future<Investigation> f : running) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                out.add(Investigation.NONE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.add(Investigation.NONE);
            }
        }
        return out;
    }

    /** The checks' results and the ranked candidate causes; {@link Investigation#NONE} when switched off. */
    public Investigation investigate(InvestigationRequest given) {
        if (!settings.enabled()) {
            return Investigation.NONE;
        }
        InvestigationRequest request = withScope(given);
        long start = System.nanoTime();
        // Within the stage's deadline too (Lambda's remaining time, or the stage budget), keeping the reserve
        // for publishing: the template result goes out even when the checks are slow.
        Duration allowed = Deadline.bound(settings.timeout(), reserve);
        long deadline = start + Math.max(0, allowed.toNanos());
        AtomicInteger budget = new AtomicInteger(settings.maxQueries());
        Map<Check, Function<Checks.Probe, CheckResult>> plan = new LinkedHashMap<>();
        plan.put(Check.BREAKDOWN, p -> checks.breakdown(request, p));
        plan.put(Check.CHANGES, p -> checks.changes(request, p));
        plan.put(Check.CO_MOVING, p -> checks.coMoving(request, p));
        plan.put(Check.SATURATION, p -> checks.saturation(request, p));

        Map<Check, Checks.Probe> probes = new LinkedHashMap<>();
        Map<Check, Future<CheckResult>> running = new LinkedHashMap<>();
        plan.forEach((check, run) -> {
            Checks.Probe probe = new Checks.Probe(check, budget);
            probes.put(check, probe);
            running.put(check, pool.submit(() -> run.apply(probe)));
        });
        List<CheckResult> results = new ArrayList<>();
        running.forEach((check, future) -> {
            Checks.Probe probe = probes.get(check);
            CheckResult result;
            try {
                result = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                result = probe.result(Outcome.TIMED_OUT, "not finished within " + Math.max(0, allowed.toMillis())
                        + " ms (insights.investigation.timeout, or what the stage's deadline left)", List.of());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                result = probe.result(Outcome.FAILED, Checks.message(cause), List.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = probe.result(Outcome.FAILED, "interrupted", List.of());
            }
            results.add(result);
            record(result);
        });
        List<Cause> causes = results.stream().flatMap(r -> r.evidence().stream())
                .map(e -> new Cause(checks.score(e), e)).filter(c -> c.score() > 0)
                .sorted(Comparator.comparingDouble(Cause::score).reversed()).toList();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.debugf("investigated %s %s..%s in %d ms: %d causes", request.metric(), request.incidentStart(),
                request.incidentEnd(), took.toMillis(), causes.size());
        return new Investigation(results, causes, took);
    }

    /**
     * Without a scope from the caller (an anomaly, where there are no alert labels), the query's own pinned labels
     * ({@code job="shop"}) say which service it is, so change signals of other services stay out.
     */
    private InvestigationRequest withScope(InvestigationRequest r) {
        if (!r.scope().isEmpty() || r.query() == null || r.query().isBlank()) {
            return r;
        }
        Map<String, String> scope = new LinkedHashMap<>();
        for (String selector : PromQlRewrite.selectors(r.query())) {
            PromQlRewrite.equalityMatchers(selector).forEach((k, v) -> {
                if (settings.scopeLabels().contains(k)) {
                    scope.putIfAbsent(k, v);
                }
            });
        }
        return scope.isEmpty() ? r : new InvestigationRequest(r.dashboardUid(), r.metric(), r.query(), r.upward(),
                r.incidentStart(), r.incidentEnd(), r.others(), scope, r.excludeTags());
    }

    private void record(CheckResult result) {
        // Four results per incident, thousands per cycle: the meters are looked up once per check and outcome.
        timers.computeIfAbsent(result.check().label() + "/" + result.outcome().label(), k -> Timer
                .builder("insights.investigation.check").description("Time of one investigation check")
                .tag("check", result.check().label()).tag("outcome", result.outcome().label())
                .register(registry)).record(result.took());
        if (result.outcome() == Outcome.FAILED || result.outcome() == Outcome.TIMED_OUT) {
            failures.computeIfAbsent(result.check().label(), k -> Counter.builder("insights.investigation.checks.failed")
                    .description("Investigation checks that failed or timed out").tag("check", k).register(registry))
                    .increment();
        }
    }
}
