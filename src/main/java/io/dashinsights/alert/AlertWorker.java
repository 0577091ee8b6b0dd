package io.dashinsights.alert;

import io.dashinsights.contract.Failures;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.schedule.DueWork;
import io.dashinsights.store.AlertGroupRepository;
import io.dashinsights.store.AlertState;
import io.dashinsights.store.AlertStateRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Processes recorded alert groups after the webhook has answered, on {@code insights.alerts.workers}
 * lanes (one per group key, so one group's notifications stay in order); across lanes and instances the
 * claim (a lease in the store) keeps a group to one processor. Sweeps run on the first lane. Groups a crash left behind are found again by a sweep: at startup, every
 * {@code insights.alerts.sweep-every} when the in-process schedule runs, and on each trigger-on-schedule
 * run (the serverless case, where nothing runs between invocations).
 */
@ApplicationScoped
public class AlertWorker implements DueWork {

    private static final Logger LOG = Logger.getLogger(AlertWorker.class);
    private static final int SWEEP_BATCH = 100;
    private static final int EXPLAIN_AGAIN_BATCH = 20;

    private final AlertGroupRepository groups;
    private final AlertProcessor processor;
    private final AlertStateRepository states;
    private final InsightsConfig config;
    private final Clock clock;
    /**
     * Lanes of one thread each: a group always goes to the lane of its group key, so the notifications of
     * one alert group (firing, then resolved) are processed in order, while different groups wait on a
     * slow model side by side.
     */
    private final ExecutorService[] lanes;
    private final ExecutorService sweepLane;
    private final Instance<AlertDispatch> dispatch;
    private final IntakeActivity intake;

    AlertWorker(AlertGroupRepository groups, AlertProcessor processor, AlertStateRepository states,
                InsightsConfig config, Clock clock, Instance<AlertDispatch> dispatch, IntakeActivity intake) {
        this.intake = intake;
        this.states = states;
        this.dispatch = dispatch;
        this.groups = groups;
        this.processor = processor;
        this.config = config;
        this.clock = clock;
        this.lanes = new ExecutorService[config.alerts().workers()]; // @Positive in InsightsConfig
        for (int i = 0; i < lanes.length; i++) {
            String name = "alert-worker-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
        this.sweepLane = lanes[0];
    }

    /**
     * Processes the group soon, on its group key's lane, unless a deployment's {@link AlertDispatch} hands it
     * to the platform; the caller does not wait.
     */
    public void submit(long groupId, String groupKey) {
        for (AlertDispatch d : dispatch) {
            if (d.dispatch(groupId, groupKey)) {
                return;
            }
        }
        lanes[Math.floorMod(groupKey == null ? 0 : groupKey.hashCode(), lanes.length)].execute(() -> {
            // During a burst of deliveries the answers come first (IntakeActivity), for insights.alerts.yield-to-intake
            // at most: in a storm that goes on, each lane still takes a group at least that often.
            intake.awaitQuiet();
            runOne(groupId);
        });
    }

    /** Processes the group on the caller's thread (a queue consumer, within its invocation and deadline). */
    public boolean runHere(long groupId) {
        return runOne(groupId);
    }

    /** Processes the group on the sweep lane and waits for it (the scheduled error_rate check). */
    public boolean runNow(long groupId) {
        return await(sweepLane.submit(() -> runOne(groupId)));
    }

    void onStart(@Observes StartupEvent event) {
        sweepLane.execute(() -> sweep(true));
    }

    @Scheduled(every = "${insights.alerts.sweep-every:30s}", delayed = "${insights.alerts.sweep-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodicSweep() {
        if (config.schedule().enabled()) {
            sweepLane.execute(() -> sweep(true));
        }
    }

    @Override
    public String name() {
        return "recorded alerts";
    }

    @Override
    public int runDue() {
        // The trigger's run has its own deadline: it does not wait for a burst of deliveries to end.
        Integer handled = awaitValue(sweepLane.submit(() -> sweep(false)));
        return handled == null ? 0 : handled;
    }

    /**
     * @param yielding whether each group waits for a burst of deliveries to end first, as submitted groups do: the
     *                 groups just recorded are due at once, and a periodic sweep during a storm would otherwise
     *                 process them while their own lanes step aside
     */
    private int sweep(boolean yielding) {
        int handled = 0;
        try {
            for (long id : groups.dueIds(clock.millis(), SWEEP_BATCH)) {
                if (yielding) {
                    intake.awaitQuiet();
                }
                if (runOne(id)) {
                    handled++;
                }
            }
            handled += explainAgain();
        } catch (RuntimeException e) {
            LOG.errorf("sweep of recorded alerts failed: %s", e.getMessage());
        }
        return handled;
    }

    /**
     * Occurrences annotated with the template's text because the model failed are asked again, at most
     * {@code insights.ai.explain-again-attempts} times, the n-th try n times {@code explain-again-delay} after the
     * one before. Off the webhook's path (a sweep); the first failure ends the round, since the model is likely
     * still down, so a sweep waits for at most one model timeout.
     */
    private int explainAgain() {
        InsightsConfig.Ai ai = config.ai();
        int upgraded = 0;
        for (AlertState s : states.explainAgainDue(clock.millis(), ai.explainAgainAttempts(),
                EXPLAIN_AGAIN_BATCH)) {
            try {
                if (processor.explainAgain(s)) {
                    upgraded++;
                    continue;
                }
            } catch (RuntimeException e) {
                LOG.warnf("explaining alert %s again failed: %s", s.key(), Failures.describe(e));
            }
            states.explainAgainLater(s.key(), clock.millis(), ai.explainAgainDelay().toMillis());
            break;
        }
        return upgraded;
    }

    private boolean runOne(long id) {
        long now = clock.millis();
        if (!groups.claim(id, now, now + config.schedule().lease().toMillis())) {
            return false;
        }
        AlertGroupRepository.Row row = groups.find(id).orElseThrow();
        try {
            processor.process(row);
            groups.done(id, clock.millis());
            return true;
        } catch (RuntimeException e) {
            boolean giveUp = row.attempts() >= config.alerts().maxAttempts();
            long delay = Math.min(config.schedule().maxBackoff().toMillis(),
                    config.alerts().retryDelay().toMillis() << Math.min(20, Math.max(0, row.attempts() - 1)));
            groups.retryLater(id, Failures.describe(e), clock.millis() + delay, giveUp, clock.millis());
            LOG.warnf(e instanceof AlertProcessor.PushFailedException ? null : e,
                    "alert group %d attempt %d failed%s: %s", id, row.attempts(),
                    giveUp ? ", giving up" : ", retrying in " + delay / 1000 + " s", Failures.describe(e));
            return false;
        }
    }

    private static boolean await(Future<Boolean> f) {
        Boolean b = awaitValue(f);
        return b != null && b;
    }

    private static <T> T awaitValue(Future<T> f) {
        try {
            return f.get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("alert worker task did not finish: %s", e.getMessage());
            return null;
        }
    }

    /**
     * Stops before the datasource closes (ShutdownEvent comes first): queued groups stay pending in the
     * store, and the one in progress finishes or is retried after its lease.
     */
    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
        try {
            for (ExecutorService lane : lanes) {
                lane.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
