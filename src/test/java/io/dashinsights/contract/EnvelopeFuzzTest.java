package io.dashinsights.contract;

import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.store.Jdbc;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.Envelopes;
import io.dashinsights.support.Mutator;
import io.dashinsights.support.StoreCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random mutations of real envelopes and real webhook payloads, a few thousand each, seeded: no answer is a
 * 5xx, and every rejection leaves the store as it was.
 */
@QuarkusTest
class EnvelopeFuzzTest {

    private static final int CASES = 2_000;
    private static final long SEED = 20261127L;

    @Inject
    Jdbc jdbc;

    @Inject
    DashboardImporter importer;

    @Test
    void mutatedEnvelopesNeverCauseServerErrorsAndRejectionsChangeNothing() {
        importer.importJson(Dashboards.one("fuzz-anomaly", "anomaly_detection", "uid-fuzz"));
        // Envelopes for a dashboard id that is not imported, so an accidentally valid mutation stops at 404
        // instead of running the pipeline; the push envelope targets a real one to reach deeper validation.
        List<String[]> seeds = List.of(
                new String[] {"prepare-anomaly", Dashboards.envelope("prepare-anomaly", "fz-1", "fuzz-missing")},
                new String[] {"prepare-trend", Dashboards.envelope("prepare-trend", "fz-2", "fuzz-missing")},
                new String[] {"prepare-forecast", Dashboards.envelope("prepare-forecast", "fz-3", "fuzz-missing")},
                new String[] {"push-grafana", Envelopes.push("fz-4", "fuzz-missing", "uid-fuzz", "fz-k")});
        Random random = new Random(SEED);
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            String[] seed = seeds.get(random.nextInt(seeds.size()));
            String body = Mutator.mutate(seed[1], random);
            String before = snapshot();
            Response answer = given().contentType(ContentType.JSON).body(body).post("/" + seed[0]);
            int status = answer.statusCode();
            assertThat(status).as("case %d to %s: %s", i, seed[0], body).isLessThan(500);
            assertThat(answer.asString()).as("case %d answer", i).doesNotContain("\tat ");
            if (status >= 400) {
                rejected++;
                assertThat(snapshot()).as("store after rejected case %d: %s", i, body).isEqualTo(before);
            }
        }
        assertThat(rejected).as("most mutations are rejected").isGreaterThan(CASES / 2);
    }

    @Test
    void mutatedWebhookPayloadsNeverCauseServerErrorsAndRejectionsRecordNothing() throws Exception {
        List<String> seeds = new java.util.ArrayList<>();
        for (String file : List.of("alertmanager-0.25-real-firing.json", "alertmanager-0.25-real-resolved.json",
                "grafana-webhook-contact-point-example.json", "grafana-webhook-error-rate-constructed-example.json")) {
            try (var in = getClass().getResourceAsStream("/payloads/" + file)) {
                seeds.add(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        Random random = new Random(SEED + 1);
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            String body = Mutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
            // Accepted payloads are explained asynchronously, so only the intake's own record is compared:
            // a rejected delivery must not add a recorded group.
            long before = alertGroups();
            Response answer = given().contentType(ContentType.JSON).body(body).post("/on-webhook-error-alert");
            int status = answer.statusCode();
            assertThat(status).as("case %d: %s", i, body).isLessThan(500);
            assertThat(answer.asString()).as("case %d answer", i).doesNotContain("\tat ");
            if (status >= 400) {
                rejected++;
                assertThat(alertGroups()).as("recorded groups after rejected case %d: %s", i, body).isEqualTo(before);
            }
        }
        assertThat(rejected).as("most mutations are rejected").isGreaterThan(CASES / 2);
    }

    private long alertGroups() {
        return jdbc.queryOne("SELECT COUNT(*) FROM alert_groups", rs -> rs.getLong(1)).orElseThrow();
    }

    private String snapshot() {
        return StoreCounts.snapshot(jdbc);
    }
}
