package io.dashinsights.console;

import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.store.StageRunRepository;
import io.dashinsights.support.Dashboards;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** "Run now" forms: a token runs once, and a body without a token is refused at once without holding a thread. */
@QuarkusTest
class RunNowFormTest {

    @Inject
    DashboardImporter importer;
    @Inject
    StageRunRepository stageRuns;

    @BeforeEach
    void dashboard() {
        importer.importJson(Dashboards.one("run-once", "anomaly_detection", "uid-run-once"));
    }

    @Test
    void aRunNowTokenRunsOnceAndAReplayRunsNothing() {
        Response page = given().get("/dashboards/run-once");
        String cookie = page.getCookie(FormTokens.COOKIE);
        String token = ConsolePagesTest.token(page.asString());

        given().redirects().follow(false).cookie(FormTokens.COOKIE, cookie).formParam("token", token)
                .post("/dashboards/run-once/run").then().statusCode(303);
        // The run's prepare-anomaly stage and the push it hands on.
        int afterFirst = stageRuns.recent("run-once", 100).size();
        assertThat(afterFirst).isPositive();

        given().redirects().follow(false).cookie(FormTokens.COOKIE, cookie).formParam("token", token)
                .post("/dashboards/run-once/run").then().statusCode(403).body(containsString("already used"));
        assertThat(stageRuns.recent("run-once", 100)).hasSize(afterFirst);

        // A new page view gives a new token, which runs again.
        String next = ConsolePagesTest.token(given().cookie(FormTokens.COOKIE, cookie).get("/dashboards/run-once").asString());
        assertThat(next).isNotEqualTo(token);
        given().redirects().follow(false).cookie(FormTokens.COOKIE, cookie).formParam("token", next)
                .post("/dashboards/run-once/run").then().statusCode(303);
        assertThat(stageRuns.recent("run-once", 100).size()).isGreaterThan(afterFirst);
    }

    @Test
    void anEmptyFormBodyIsA400AtOnce() throws Exception {
        int before = stageRuns.recent("run-once", 100).size();
        long start = System.nanoTime();
        String answer = raw("POST /dashboards/run-once/run HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("token");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(2_000);
        assertThat(stageRuns.recent("run-once", 100)).hasSize(before);
    }

    @Test
    void aTruncatedFormBodyIsAnsweredWithoutWaitingForTheRest() throws Exception {
        int before = stageRuns.recent("run-once", 100).size();
        long start = System.nanoTime();
        // Announces 200 bytes, sends 6 and waits: the answer must not depend on the rest ever coming.
        String answer = raw("POST /dashboards/run-once/run HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\ntoken=");
        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(10_000);
        assertThat(stageRuns.recent("run-once", 100)).hasSize(before);
    }

    /** Sends raw bytes and reads the status line and what follows, waiting at most 20 s. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        }
    }
}
