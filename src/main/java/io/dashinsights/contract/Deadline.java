package io.dashinsights.contract;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The time the platform still gives the running stage: Lambda's remaining time, or a configured budget where
 * the platform does not say (a Knative delivery timeout). Waits that may be given up (the model, investigation
 * queries) ask {@link #bound} how long they may take, so that the stage still publishes its template result
 * before the platform ends it. Kept per thread: a stage runs on the thread that received its event.
 */
public final class Deadline {

    private static final ThreadLocal<Long> END_NANOS = new ThreadLocal<>();

    // Daemon threads: a wait given up at the deadline must not keep the process alive.
    private static final ExecutorService WAITS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "deadline-wait");
        t.setDaemon(true);
        return t;
    });

    private Deadline() {
    }

    /** A wait given up because the stage's deadline came first (not the waited-for system's own timeout). */
    public static final class Exceeded extends TimeoutException {
        Exceeded(String message) {
            super(message);
        }
    }

    /** Runs {@code work} with {@code remaining} left; an enclosing, earlier deadline stays in force. */
    public static <T> T within(Duration remaining, Supplier<T> work) {
        Long outer = END_NANOS.get();
        long end = System.nanoTime() + remaining.toNanos();
        if (outer != null && outer - end < 0) {
            end = outer;
        }
        END_NANOS.set(end);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                END_NANOS.remove();
            } else {
                END_NANOS.set(outer);
            }
        }
    }

    /** Time left on this thread's deadline, if there is one. */
    public static Optional<Duration> remaining() {
        Long end = END_NANOS.get();
        return end == null ? Optional.empty() : Optional.of(Duration.ofNanos(end - System.nanoTime()));
    }

    /**
     * How long a wait of up to {@code wanted} may take so that {@code reserve} is left for publishing:
     * {@code wanted} without a deadline, zero or negative when there is no time left for it.
     */
    public static Duration bound(Duration wanted, Duration reserve) {
        return remaining().map(left -> left.minus(reserve)).filter(left -> left.compareTo(wanted) < 0).orElse(wanted);
    }

    /**
     * Calls {@code call} but stops waiting after {@code limit}: the caller gets a {@link TimeoutException} and the
     * call is interrupted. Used when a wait has its own, longer timeout that the deadline must cut short.
     */
    public static <T> T call(Duration limit, Callable<T> call) throws Exception {
        if (limit.isZero() || limit.isNegative()) {
            throw new Exceeded("no time left before the stage's deadline");
        }
        Long end = END_NANOS.get();
        Future<T> f = WAITS.submit(() -> end == null ? call.call() : withEnd(end, call));
        try {
            return f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new Exceeded("gave up after " + limit.toMillis() + " ms to meet the stage's deadline");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static <T> T withEnd(long end, Callable<T> call) throws Exception {
        END_NANOS.set(end);
        try {
            return call.call();
        } finally {
            END_NANOS.remove();
        }
    }
}
