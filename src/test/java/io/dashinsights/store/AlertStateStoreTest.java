package io.dashinsights.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.domain.AlertStatus;
import io.dashinsights.domain.DashboardStatus;
import io.dashinsights.domain.GrafanaTarget;
import io.dashinsights.support.Dashboards;
import io.dashinsights.dashboard.DashboardImporter;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * alert_states and dashboards as the database holds them: statuses by their codes, lists as JSON arrays, and the
 * comma-joined rows of earlier versions converted by the migration (V4_12) or, if written later by an old
 * instance, still read. Runs on H2 and in CI's PostgreSQL pass (same SQL file).
 */
@QuarkusTest
class AlertStateStoreTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    Jdbc jdbc;

    @Inject
    AlertStateRepository states;

    @Inject
    DashboardRepository dashboards;

    @Inject
    DashboardImporter importer;

    /** A row as versions before V4_12 wrote it: lists joined with ','. */
    private String legacyRow(String tags) {
        String key = "legacy-" + UUID.randomUUID() + "@1767225600000";
        jdbc.update("INSERT INTO alert_states (alert_key, fingerprint, starts_at, alert_name, labels, status, error_rate, "
                        + "rate_source, threshold, targets, annotation_ids, tags, text, created_at, updated_at) "
                        + "VALUES (?, ?, 1767225600000, 'HighErrorRate', '{}', 'annotated', 0.2, 'payload', 0.05, "
                        + "'svc-a/2,svc-b', '11,12', ?, 'text', 1, 1)", key, key.substring(0, key.indexOf('@')), tags);
        return key;
    }

    private String column(String key, String column) {
        return jdbc.queryOne("SELECT " + column + " FROM alert_states WHERE alert_key = ?", rs -> rs.getString(1), key)
                .orElseThrow();
    }

    @Test
    void theMigrationTurnsCommaJoinedListsIntoJsonArrays() throws Exception {
        String key = legacyRow("error-rate,alertname:Say \"hi\" \\o/,ai:template");
        for (String statement : migration("db/migration/V4_12__alert_states_json_lists.sql")) {
            jdbc.update(statement);
        }

        assertThat(MAPPER.readValue(column(key, "targets"), List.class)).containsExactly("svc-a/2", "svc-b");
        assertThat(MAPPER.readValue(column(key, "annotation_ids"), List.class)).containsExactly(11, 12);
        assertThat(MAPPER.readValue(column(key, "tags"), List.class))
                .containsExactly("error-rate", "alertname:Say \"hi\" \\o/", "ai:template");
        AlertState state = states.find(key).orElseThrow();
        assertThat(state.targets()).containsExactly(new GrafanaTarget("svc-a", 2), new GrafanaTarget("svc-b", null));
        assertThat(state.annotationIds()).containsExactly(11L, 12L);
        assertThat(state.status()).isEqualTo(AlertStatus.ANNOTATED);
    }

    @Test
    void aCommaJoinedRowWrittenByAnOlderInstanceIsStillRead() {
        String key = legacyRow("error-rate,alertname:HighErrorRate");

        AlertState state = states.find(key).orElseThrow();
        assertThat(state.targets()).containsExactly(new GrafanaTarget("svc-a", 2), new GrafanaTarget("svc-b", null));
        assertThat(state.annotationIds()).containsExactly(11L, 12L);
        assertThat(state.tags()).containsExactly("error-rate", "alertname:HighErrorRate");
    }

    @Test
    void listsAreSavedAsJsonArraysAndAValueWithACommaStaysOneValue() throws Exception {
        String key = "json-" + UUID.randomUUID() + "@1767225600000";
        states.save(AlertState.builder().key(key).fingerprint("json").startsAt(1767225600000L).alertName("X,deploy")
                .labels("{}").status(AlertStatus.NO_RATE).targets(List.of(new GrafanaTarget("svc-a", 2)))
                .annotationIds(List.of(7L)).tags(List.of("alertname:X,deploy", "error-rate")).createdAt(1).updatedAt(2)
                .build());

        assertThat(column(key, "status")).isEqualTo("no-rate");
        assertThat(MAPPER.readValue(column(key, "tags"), List.class)).containsExactly("alertname:X,deploy", "error-rate");
        assertThat(column(key, "targets")).isEqualTo("[\"svc-a/2\"]");
        assertThat(column(key, "annotation_ids")).isEqualTo("[7]");
        AlertState read = states.find(key).orElseThrow();
        assertThat(read.tags()).containsExactly("alertname:X,deploy", "error-rate");
        assertThat(read.status()).isEqualTo(AlertStatus.NO_RATE);
        assertThat(read.toBuilder().build()).isEqualTo(read);
    }

    @Test
    void dashboardStatusIsStoredByItsCode() throws Exception {
        importer.importJson(Dashboards.one("status-codes", "trend_analysis", "uid-status"));
        dashboards.markFailed("status-codes", DashboardStatus.PENDING_RETRY, "Grafana answered 502", 0);

        assertThat(jdbc.queryOne("SELECT last_status FROM dashboards WHERE id = ?", rs -> rs.getString(1), "status-codes"))
                .contains("pending-retry");
        assertThat(dashboards.find("status-codes").orElseThrow().lastStatus()).isEqualTo(DashboardStatus.PENDING_RETRY);
        dashboards.markUpdated("status-codes", 1);
        assertThat(dashboards.find("status-codes").orElseThrow().lastStatus()).isEqualTo(DashboardStatus.OK);
    }

    /** The statements of a migration file, comments dropped (none of its statements holds a ';' in a string). */
    private static List<String> migration(String resource) throws IOException {
        try (InputStream in = AlertStateStoreTest.class.getClassLoader().getResourceAsStream(resource)) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n"));
            return Arrays.stream(sql.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }
}
