package io.dashinsights.contract;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineTest {

    @Test
    void withoutADeadlineAWaitKeepsItsOwnLimit() {
        assertThat(Deadline.remaining()).isEmpty();
        assertThat(Deadline.bound(Duration.ofSeconds(20), Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aWaitIsCutToTheTimeLeftLessTheReserve() {
        Duration bound = Deadline.within(Duration.ofSeconds(10), () -> Deadline.bound(Duration.ofSeconds(20),
                Duration.ofSeconds(4)));
        assertThat(bound).isBetween(Duration.ofMillis(5_500), Duration.ofSeconds(6));
        assertThat(Deadline.remaining()).as("cleared after the stage").isEmpty();
    }

    @Test
    void anInnerBudgetCannotExtendAnEarlierOuterDeadline() {
        Duration left = Deadline.within(Duration.ofSeconds(2), () -> Deadline.within(Duration.ofMinutes(1),
                () -> Deadline.remaining().orElseThrow()));
        assertThat(left).isLessThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aCallThatOutlivesItsLimitIsGivenUpAndInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> Deadline.call(Duration.ofMillis(200), () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late";
        })).isInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the abandoned wait was interrupted").isTrue();
    }

    @Test
    void noTimeLeftMeansNoCallAtAll() {
        AtomicBoolean called = new AtomicBoolean();
        assertThatThrownBy(() -> Deadline.call(Duration.ZERO, () -> called.getAndSet(true)))
                .isInstanceOf(TimeoutException.class);
        assertThat(called).isFalse();
    }

    @Test
    void aCallInTimeAnswersAndSeesTheSameDeadline() throws Exception {
        Duration seen = Deadline.within(Duration.ofSeconds(30), () -> {
            try {
                return Deadline.call(Duration.ofSeconds(5), () -> Deadline.remaining().orElseThrow());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(seen).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(30));
    }
}
