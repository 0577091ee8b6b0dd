package io.dashinsights.alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processing of recorded groups steps aside while deliveries arrive (the senders wait for their answers), and is
 * only postponed: it goes on once the deliveries stop, or after the hold at the latest.
 */
class IntakeActivityTest {

    private static final Duration QUIET = Duration.ofMillis(50);

    @Test
    void processingWaitsWhileADeliveryIsBeingTakenInAndGoesOnOnceItIsAnswered() throws Exception {
        IntakeActivity activity = new IntakeActivity(Duration.ofSeconds(30), QUIET);
        activity.delivering();
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(activity::awaitQuiet);
        Thread.sleep(300);
        assertThat(waited).as("still waiting while the delivery is in progress").isNotDone();

        long answeredAt = System.nanoTime();
        activity.delivered();
        waited.get(5, TimeUnit.SECONDS);
        long after = System.nanoTime() - answeredAt;
        assertThat(after).as("goes on about the quiet time after the answer, not the 30 s hold")
                .isGreaterThanOrEqualTo(QUIET.toNanos() - TimeUnit.MILLISECONDS.toNanos(5))
                .isLessThan(TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void processingNeverWaitsLongerThanTheHoldWhileDeliveriesKeepComing() throws Exception {
        IntakeActivity activity = new IntakeActivity(Duration.ofMillis(400), QUIET);
        CompletableFuture<Void> storm = CompletableFuture.runAsync(() -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                activity.delivering();
                activity.delivered();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Thread.sleep(20);
        assertThat(activity.busy()).isTrue();
        long waited = activity.awaitQuiet();
        assertThat(waited).as("waited the hold, then went ahead although deliveries still arrive")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(390))
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(2_000));
        assertThat(activity.busy()).as("the storm is still going on").isTrue();
        storm.get(10, TimeUnit.SECONDS);
    }

    @Test
    void noDeliveriesMeansNoWait() {
        IntakeActivity activity = new IntakeActivity(Duration.ofSeconds(30), QUIET);
        assertThat(activity.busy()).isFalse();
        assertThat(activity.awaitQuiet()).isLessThan(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void aHoldOfZeroNeverWaits() {
        IntakeActivity activity = new IntakeActivity(Duration.ZERO, QUIET);
        activity.delivering();
        assertThat(activity.awaitQuiet()).isLessThan(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void aStoppingLaneIsNotHeldUp() throws Exception {
        IntakeActivity activity = new IntakeActivity(Duration.ofSeconds(30), QUIET);
        activity.delivering();
        Thread lane = new Thread(() -> {
            Thread.currentThread().interrupt();
            activity.awaitQuiet();
        });
        long start = System.nanoTime();
        lane.start();
        lane.join(5_000);
        assertThat(lane.isAlive()).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
    }
}
