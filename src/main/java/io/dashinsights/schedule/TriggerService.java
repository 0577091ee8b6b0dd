package io.dashinsights.schedule;

import io.dashinsights.domain.DashboardStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.capacity.WorkPools;
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
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
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
    private final WorkPools pools;
    /**
     * This process's lease owner, drawn on the first run rather than at construction: Lambda SnapStart restores
     * every container from one snapshot taken after init, and a name drawn then would be shared by all of them.
     */
    private volatile String instance;

    TriggerService(DashboardRepository dashboards, OutboxRepository outbox, Invoker invoker, ObjectMapper mapper,
                   InsightsConfig config, Clock clock, DashboardHandlers handlers, Instance<DueWork> dueWork,
                   WorkPools pools) {
        this.pools = pools;
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
        String owner = instance;
        if (owner == null) {
            synchronized (this) {
                if (instance == null) {
                    instance = "instance-" + UUID.randomUUID().toString().substring(0, 8);
                }
                owner = instance;
            }
        }
        return runOnce(owner);
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
        for (OutboxRepository.Entry entry : outbox.claimDue(now, leaseUntil, config.schedule().batchSize())) {
            retries.add(() -> {
                retried.incrementAndGet();
                if (retryPush(entry)) {
                    delivered.incrementAndGet();
                }
            });
        }
        runBounded(retries, concurrency);

        List<Runnable> work = new ArrayList<>();
        List<String> claimed = new ArrayList<>();
        // One statement claims the whole batch; a dashboard another instance is claiming right now is skipped.
        for (DashboardState state : dashboards.claimDue(owner, now, leaseUntil, config.schedule().batchSize())) {
            claimed.add(state.id());
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
        boolean handedOn = false;
        try {
            handedOn = handlers.forType(state.config().type()).update(state, runId, runId + ":" + function,
                    "/" + Functions.TRIGGER + "/" + owner);
            return handedOn;
        } catch (RuntimeException e) {
            LOG.warnf("%s for %s failed: %s", function, state.id(), e.getMessage());
            long retryAt = clock.millis() + Backoff.delayMillis(config.schedule(), state.failures(), null);
            dashboards.markFailed(state.id(), DashboardStatus.FAILED, e.getMessage(), retryAt);
            return false;
        } finally {
            // Never leave our lease behind when the update failed: retry later. A stage that succeeded has
            // settled the schedule itself; one the platform will deliver later (broker, queue) keeps the lease, so
            // the next run does not send it again meanwhile, and it lapses by itself should the event be lost.
            if (!handedOn) {
                long retryAt = clock.millis() + Backoff.delayMillis(config.schedule(), state.failures(), null);
                dashboards.releaseIfHeld(state.id(), owner, retryAt);
            }
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

    /**
     * Runs every item on its own virtual thread of the app-wide pool, at most {@code concurrency} at once, and
     * waits for all. What each item asks of Prometheus, Grafana and the model is bounded by DependencyLimits.
     */
    private void runBounded(List<Runnable> work, int concurrency) {
        if (work.isEmpty()) {
            return;
        }
        Semaphore inFlight = new Semaphore(Math.max(1, concurrency));
        List<Future<?>> futures = new ArrayList<>(work.size());
        try {
            for (Runnable w : work) {
                inFlight.acquire();
                futures.add(pools.submit(() -> {
                    try {
                        w.run();
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warnf("trigger run interrupted after starting %d of %d item(s)", futures.size(), work.size());
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("trigger work item failed: %s", e.getMessage());
            }
        }
    }
}
