package io.dashinsights.alert;

import io.dashinsights.config.InsightsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether webhook deliveries are arriving right now, so that the processing of recorded groups steps aside during a
 * burst. Each delivery's sender waits for our answer (an alert storm sends hundreds at once, Grafana from a few
 * notification workers); the processing behind it (Prometheus queries, the investigation, the model, the push) does
 * not have to happen in the same second and took a third of the CPU the answers needed on 2 cores. Processing is only
 * postponed, never skipped: a wait ends when the deliveries stop, or after {@code insights.alerts.yield-to-intake} at
 * the latest, so in a storm that goes on each of {@link AlertWorker}'s lanes still takes a group at least that often.
 */
@ApplicationScoped
public class IntakeActivity {

    /**
     * A delivery answered less than this long ago still counts as a burst: 50 concurrent senders answered in
     * milliseconds leave gaps far shorter than this between deliveries, one sender now and then leaves longer ones.
     */
    static final Duration QUIET = Duration.ofMillis(50);

    private final AtomicInteger inFlight = new AtomicInteger();
    private final long quietNanos;
    private final long holdNanos;
    private volatile long lastDelivery;

    @Inject
    IntakeActivity(InsightsConfig config) {
        this(config.alerts().yieldToIntake(), QUIET);
    }

    IntakeActivity(Duration hold, Duration quiet) {
        this.holdNanos = hold.toNanos();
        this.quietNanos = quiet.toNanos();
        this.lastDelivery = System.nanoTime() - quietNanos;
    }

    /** A delivery has arrived (the HTTP layer, before it is taken in). */
    void arrived() {
        lastDelivery = System.nanoTime();
    }

    /** A delivery is being taken in (verified, parsed, recorded); pair with {@link #delivered()}. */
    void delivering() {
        inFlight.incrementAndGet();
        lastDelivery = System.nanoTime();
    }

    /** The delivery has its answer. */
    void delivered() {
        lastDelivery = System.nanoTime();
        inFlight.decrementAndGet();
    }

    /** When the last verified delivery arrived or was answered ({@link System#nanoTime()}). */
    long lastDelivery() {
        return lastDelivery;
    }

    /** True while a delivery is being taken in or one was answered less than {@link #QUIET} ago. */
    boolean busy() {
        return inFlight.get() > 0 || System.nanoTime() - lastDelivery < quietNanos;
    }

    /**
     * Waits while deliveries are arriving, at most {@code insights.alerts.yield-to-intake}; returns how long it waited
     * (nanoseconds). Interrupted, it returns at once with the interrupt kept, so a stopping lane is not held up.
     */
    long awaitQuiet() {
        long start = System.nanoTime();
        if (holdNanos <= 0) {
            return 0;
        }
        long deadline = start + holdNanos;
        // Sleeps until the quiet time after the last delivery would be over (not a busy poll: 7 lanes waking every
        // few milliseconds cost CPU the burst needs), then looks again.
        for (long now = start; busy() && now - deadline < 0 && !Thread.currentThread().isInterrupted();
             now = System.nanoTime()) {
            long quietAt = inFlight.get() > 0 ? now + quietNanos : lastDelivery + quietNanos;
            LockSupport.parkNanos(Math.max(1_000_000, Math.min(quietAt, deadline) - now));
        }
        return System.nanoTime() - start;
    }
}
