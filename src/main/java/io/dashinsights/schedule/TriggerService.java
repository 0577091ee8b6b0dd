package io.dashinsights.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Functions;
import io.dashinsights.contract.Invoker;
import io.dashinsights.dashboard.DashboardHandlers;
import io.dashinsights.store.DashboardRepository;
import io.dashinsights.domain.DashboardState;
import io.dashinsights.store.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * trigger-on-schedule: retries pushes waiting in the outbox, then claims the dashboards that are due
 * (lease in the store) and invokes {@code prepare-<type>} for each, a bounded number at a time.
 */
@ApplicationScoped
public class TriggerService {

    private static final Logger LOG = Logger.getLogger(TriggerService.class);

    /** What one run did. */
    public record Summary(String owner, int pushesRetried, int pushesDelivered, int claimed, int succeeded, int failed,
                          List<String> dashboards) {
    }

    private final DashboardRepository dashboards;
    private final OutboxRepository outbox;
    private final Invoker invoker;
    private final ObjectMapper mapper;
    private final InsightsConfig config;
    private final Clock clock;
    private final DashboardHandlers handlers;
    private final Instance<DueWork> dueWork;
    private final String instance = "instance-" + UUID.randomUUID().toString().substring(0, 8);

    TriggerService(DashboardRepository dashboards, OutboxRepository outbox, Invoker invoker, ObjectMapper mapper,
                   InsightsConfig config, Clock clock, DashboardHandlers handlers, Instance<DueWork> dueWork) {
        this.dashboards = dashboards;
        this.outbox = outbox;
        this.invoker = invoker;
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
        this.handlers = handlers;
        this.dueWork = dueWork;
    }

    public Summary runOnce() {
        return runOnce(instance);
    }

    /** One trigger cycle as {@code owner} (a distinct owner per instance keeps leases apart). */
    public Summary runOnce(String owner) {
        return runOnce(owner, config.schedule().concurrency());
    }

    /** One trigger cycle with an explicit concurrency (the scheduler benchmark compares 1 with the default). */
    public Summary runOnce(String owner, int concurrency) {
        long now = clock.millis();
        long leaseUntil = now + config.schedule().lease().toMillis();
        AtomicInteger retried = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        // Outbox first, to completion: a dashboard whose push is still pending afterwards is not claimed below.
        // Other due work (recorded alerts left unprocessed) runs alongside it.
        List<Runnable> retries = new ArrayList<>();
        for (DueWork w : dueWork) {
            retries.add(() -> {
                int n = w.runDue();
                if (n > 0) {
                    LOG.infof("trigger %s: %s handled %d item(s)", owner, w.name(), n);
                }
            });
        }
        for (OutboxRepository.Entry entry : outbox.dueIds(now, config.schedule().batchSize())) {
            if (outbox.claim(entry.id(), now, leaseUntil)) {
                retries.add(() -> {
                    retried.incrementAndGet();
                    if (retryPush(entry)) {
                        delivered.incrementAndGet();
                    }
                });
            }
        }
        runBounded(retries, concurrency);

        List<Runnable> work = new ArrayList<>();
        List<String> claimed = new ArrayList<>();
        for (DashboardState state : dashboards.due(now, config.schedule().batchSize())) {
            String id = state.id();
            if (!dashboards.claim(id, owner, now, leaseUntil)) {
                continue;
            }
            claimed.add(id);
            work.add(() -> {
                if (prepare(state, owner)) {
                    succeeded.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            });
        }
        runBounded(work, concurrency);
        if (!claimed.isEmpty() || retried.get() > 0) {
            LOG.infof("trigger %s: %d dashboard(s) claimed, %d ok, %d failed; %d push(es) retried, %d delivered",
                    owner, claimed.size(), succeeded.get(), failed.get(), retried.get(), delivered.get());
        }
        return new Summary(owner, retried.get(), delivered.get(), claimed.size(), succeeded.get(), failed.get(), claimed);
    }

    private boolean prepare(DashboardState state, String owner) {
        String function = state.config().type().function();
        // One run id per due period: a repeated trigger for the same period reuses the envelope ids and
        // so cannot prepare or push the same period twice.
        String runId = state.id() + "@" + state.nextDue();
        try {
            return handlers.forType(state.config().type()).update(state, runId, runId + ":" + function,
                    "/" + Functions.TRIGGER + "/" + owner);
        } catch (RuntimeException e) {
            LOG.warnf("%s for %s failed: %s", function, state.id(), e.getMessage());
            long retryAt = clock.millis() + Backoff.delayMillis(config.schedule(), state.failures(), null);
            dashboards.markFailed(state.id(), "failed", e.getMessage(), retryAt);
            return false;
        } finally {
            // Whatever happened, never leave our lease behind: if no stage updated the dashboard, retry later.
            long retryAt = clock.millis() + Backoff.delayMillis(config.schedule(), state.failures(), null);
            dashboards.releaseIfHeld(state.id(), owner, retryAt);
        }
    }

    private boolean retryPush(OutboxRepository.Entry entry) {
        try {
            Envelope stored = mapper.readValue(entry.payload(), Envelope.class);
            Envelope again = new Envelope(stored.specversion(), stored.id(), stored.type(), stored.source(),
                    stored.subject(), clock.instant().toString(), stored.runid(), entry.attempts() + 1, stored.data());
            return invoker.invoke(Functions.PUSH_GRAFANA, again).succeeded();
        } catch (Exception e) {
            LOG.warnf("retry of push %s failed: %s", entry.envelopeId(), e.getMessage());
            return false;
        }
    }

    private void runBounded(List<Runnable> work, int concurrency) {
        if (work.isEmpty()) {
            return;
        }
        int threads = Math.max(1, Math.min(concurrency, work.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            work.forEach(w -> futures.add(pool.submit(w)));
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (Exception e) {
                    LOG.warnf("trigger work item failed: %s", e.getMessage());
                }
            }
        } finally {
            pool.shutdown();
        }
    }
}
