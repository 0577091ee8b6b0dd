package io.dashinsights.store;

import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.support.Dashboards;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The database goes away mid-run and comes back. Needs a PostgreSQL it may stop: runs in CI's PostgreSQL
 * pass (tag "postgres", with scripts/postgres.sh), not on the embedded H2.
 */
@Tag("postgres")
@QuarkusTest
class DatabaseOutageTest {

    @Inject
    DashboardImporter importer;

    @Test
    void outageAnswers503NamesTheStoreInHealthAndRecovers() throws Exception {
        importer.importJson(Dashboards.one("outage-trend", "trend_analysis", "uid-outage"));
        postgres("pause");
        try {
            given().contentType(ContentType.JSON).body(Dashboards.envelope("prepare-trend", "outage-1", "outage-trend"))
                    .post("/prepare-trend").then().statusCode(503).body("errorId", not(equalTo(null)))
                    .body(not(containsString("\tat ")));
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'store' }.status", equalTo("DOWN"));
            given().contentType(ContentType.JSON).body("{}").post("/trigger-on-schedule").then().statusCode(503);
        } finally {
            postgres("resume");
        }
        // The pool replaces broken connections; give it a few attempts rather than assume the first works.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int status;
        do {
            status = given().contentType(ContentType.JSON)
                    .body(Dashboards.envelope("prepare-trend", "outage-2", "outage-trend")).post("/prepare-trend")
                    .statusCode();
        } while (status != 200 && Instant.now().isBefore(deadline) && sleep());
        assertThat(status).isEqualTo(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(1_000);
        return true;
    }

    private static void postgres(String action) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("user.dir"), "scripts", "postgres.sh");
        Process p = new ProcessBuilder(script.toString(), action, System.getProperty("insights.test.pg-port", "55432"))
                .inheritIO().start();
        assertThat(p.waitFor()).as("scripts/postgres.sh " + action).isZero();
    }
}
