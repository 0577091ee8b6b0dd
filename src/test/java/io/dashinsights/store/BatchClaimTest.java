package io.dashinsights.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.domain.DashboardState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-statement batch claims of the trigger (dashboards) and the outbox (pushes to retry), on the store the
 * build uses (H2 by default, PostgreSQL with -Ppostgresql): oldest due first, at most the batch, nothing leased by
 * someone else, nothing twice. The times here are tiny epoch values, so rows of other test classes (due "now")
 * are never due for these claims.
 */
@QuarkusTest
class BatchClaimTest {

    private static final long NOW = 1_000;
    private static final long LEASE_UNTIL = 5_000;

    @Inject
    DashboardImporter importer;

    @Inject
    DashboardRepository dashboards;

    @Inject
    OutboxRepository outbox;

    @Inject
    Jdbc jdbc;

    @Test
    void claimsTheOldestDueDashboardsUpToTheBatchSkippingLeasedOnesAndOnesWithAPendingPush() {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode list = root.putArray("dashboards");
        for (int i = 0; i < 12; i++) {
            ObjectNode d = list.addObject().put("id", String.format("bc-%02d", i)).put("type", "anomaly_detection")
                    .put("time_range", "24h").put("refresh_minutes", 60);
            d.putArray("metrics").add("requests");
            d.putObject("grafana").put("dashboardUid", "bc").put("panelId", i + 1);
        }
        importer.importJson(root);
        // Due in reverse id order, so "oldest due first" is not the same as "by id".
        for (int i = 0; i < 12; i++) {
            jdbc.update("UPDATE dashboards SET next_due = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
                    (long) (100 - i), String.format("bc-%02d", i));
        }
        jdbc.update("UPDATE dashboards SET next_due = ? WHERE id IN ('bc-00', 'bc-01')", NOW + 1);
        jdbc.update("UPDATE dashboards SET lease_owner = 'someone-else', lease_until = ? WHERE id = 'bc-10'", NOW + 60_000);
        outbox.enqueue("bc-08", "bc-08:push", "{}", "Grafana was down", NOW + 60_000, NOW);

        List<DashboardState> first = dashboards.claimDue("claimer-a", NOW, LEASE_UNTIL, 4);

        assertThat(first).extracting(DashboardState::id).containsExactly("bc-11", "bc-09", "bc-07", "bc-06");
        assertThat(first).allSatisfy(d -> {
            assertThat(d.leaseOwner()).isEqualTo("claimer-a");
            assertThat(d.leaseUntil()).isEqualTo(LEASE_UNTIL);
        });
        assertThat(dashboards.claimDue("claimer-b", NOW, LEASE_UNTIL, 100)).extracting(DashboardState::id)
                .containsExactly("bc-05", "bc-04", "bc-03", "bc-02");
        assertThat(dashboards.claimDue("claimer-c", NOW, LEASE_UNTIL, 100)).isEmpty();
        assertThat(dashboards.find("bc-10").orElseThrow().leaseOwner()).isEqualTo("someone-else");
        assertThat(dashboards.find("bc-00").orElseThrow().leaseOwner()).isNull();
        // Once the leases run out, the same dashboards are due again.
        assertThat(dashboards.claimDue("claimer-c", LEASE_UNTIL + 1, LEASE_UNTIL + 5_000, 3)).extracting(DashboardState::id)
                .containsExactly("bc-11", "bc-09", "bc-07");
    }

    @Test
    void claimsTheOldestDuePushesUpToTheBatchAndEachOnlyOnceWhileLeased() {
        for (int i = 0; i < 3; i++) {
            outbox.enqueue("oc-" + i, "oc-" + i + ":push", "{\"n\":" + i + "}", "Grafana was down", NOW - 10 * i, 0);
        }
        outbox.enqueue("oc-later", "oc-later:push", "{}", "Grafana was down", NOW + 1, 0);

        List<OutboxRepository.Entry> first = outbox.claimDue(NOW, LEASE_UNTIL, 2);

        assertThat(first).extracting(OutboxRepository.Entry::dashboardId).containsExactlyInAnyOrder("oc-2", "oc-1");
        assertThat(first).allSatisfy(e -> assertThat(e.attempts()).isEqualTo(1));
        assertThat(outbox.claimDue(NOW, LEASE_UNTIL, 10)).extracting(OutboxRepository.Entry::dashboardId)
                .containsExactly("oc-0");
        assertThat(outbox.claimDue(NOW, LEASE_UNTIL, 10)).isEmpty();
    }
}
