package io.dashinsights.store;

import io.dashinsights.domain.AlertGroupState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook's one statement: a delivery is recorded once by its delivery key, a repeat (a sender's retry) gets the
 * first one's id and state back, on H2 (unique violation caught) and PostgreSQL ({@code ON CONFLICT DO NOTHING}, no
 * error) alike; runs in CI's PostgreSQL pass too.
 */
@QuarkusTest
class AlertGroupRecordTest {

    @Inject
    AlertGroupRepository groups;

    @Inject
    Jdbc jdbc;

    private AlertGroupRepository.Recorded record(String key) {
        return groups.record(key, "grafana", "{}:{alertname=\"record-test\"}", "firing", "{}", System.currentTimeMillis());
    }

    private long rows(String key) {
        return jdbc.queryOne("SELECT COUNT(*) FROM alert_groups WHERE body_hash = ?", rs -> rs.getLong(1), key)
                .orElseThrow();
    }

    @Test
    void aRehearsedRecordLeavesNoRowAndTheRealOneIsStillFirst() {
        String key = "rehearse-test-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            groups.rehearseRecord(key, "grafana", "{}:{alertname=\"record-test\"}", "firing", "{}",
                    System.currentTimeMillis());
        }
        assertThat(rows(key)).isZero();
        assertThat(groups.recorded(key)).isEmpty();
        AlertGroupRepository.Recorded real = record(key);
        assertThat(real.duplicate()).isFalse();
        // The connection went back to the pool committing as before: the real row is there for everyone.
        assertThat(rows(key)).isEqualTo(1);
    }

    @Test
    void aRepeatedDeliveryIsRecordedOnceAndAnsweredWithTheFirstOnesIdAndState() {
        String key = "record-test-" + UUID.randomUUID();
        AlertGroupRepository.Recorded first = record(key);
        AlertGroupRepository.Recorded repeat = record(key);
        groups.done(first.groupId(), System.currentTimeMillis());
        AlertGroupRepository.Recorded afterDone = record(key);

        assertThat(first.duplicate()).isFalse();
        assertThat(first.state()).isEqualTo(AlertGroupState.PENDING);
        assertThat(repeat.duplicate()).isTrue();
        assertThat(repeat.groupId()).isEqualTo(first.groupId());
        assertThat(repeat.state()).isEqualTo(AlertGroupState.PENDING);
        assertThat(afterDone.duplicate()).isTrue();
        assertThat(afterDone.groupId()).isEqualTo(first.groupId());
        assertThat(afterDone.state()).as("the repeat sees the group's current state").isEqualTo(AlertGroupState.DONE);
        assertThat(rows(key)).isEqualTo(1);
    }

    @Test
    void identicalDeliveriesAtTheSameMomentRecordOneGroup() throws Exception {
        String key = "record-test-" + UUID.randomUUID();
        int senders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AlertGroupRepository.Recorded>> answers = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return record(key);
            }));
        }
        go.countDown();
        List<AlertGroupRepository.Recorded> recorded = new ArrayList<>();
        for (Future<AlertGroupRepository.Recorded> f : answers) {
            recorded.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        groups.done(recorded.get(0).groupId(), System.currentTimeMillis());

        assertThat(recorded).filteredOn(r -> !r.duplicate()).hasSize(1);
        assertThat(recorded).extracting(AlertGroupRepository.Recorded::groupId).containsOnly(recorded.get(0).groupId());
        assertThat(rows(key)).isEqualTo(1);
    }
}
