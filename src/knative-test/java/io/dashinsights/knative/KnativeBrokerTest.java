package io.dashinsights.knative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.store.StageRunRepository;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The -Pknative build with {@code insights.invoker=broker}: every hand-off is a binary-mode CloudEvent to K_SINK
 * (recorded by {@link SinkRecorder}), and the test plays the Broker, delivering each recorded event to "/" with
 * its ce-* headers as a Trigger would.
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = SinkRecorder.class, restrictToAnnotatedClass = true)
class KnativeBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @StandIns.Server
    WireMockServer stub;

    @SinkRecorder.Sink
    WireMockServer sink;

    @Inject
    DashboardImporter importer;

    @Inject
    StageRunRepository runs;

    @BeforeEach
    void stubs() {
        StandIns.stubMetricsAndGrafana(stub);
        sink.resetRequests();
    }

    @Test
    void pingSourceIsAnsweredBeforeAnyStageRunsAndEveryStageEventReachesTheSinkWithItsTypeAndId() throws Exception {
        importer.importJson(Dashboards.one("kn-broker", "anomaly_detection", "uid-kn-broker"));

        BrokerDeliveries.ping("ping-broker-1").statusCode(200)
                .body("dashboards", hasItem("kn-broker"))
                .body("claimed", greaterThanOrEqualTo(1));

        // Answered, and no stage has run: the prepare event is only at the sink.
        List<LoggedRequest> events = SinkRecorder.eventsFor(sink, "kn-broker");
        assertThat(events).hasSize(1);
        LoggedRequest prepare = events.get(0);
        JsonNode prepareBody = JSON.readTree(prepare.getBodyAsString());
        assertThat(prepare.getUrl()).isEqualTo("/insights/default");
        assertThat(prepare.getHeader("ce-specversion")).isEqualTo("1.0");
        assertThat(prepare.getHeader("ce-type")).isEqualTo("dashboard-insights.prepare-anomaly");
        assertThat(prepare.getHeader("ce-id")).isEqualTo(prepareBody.path("id").asText()).startsWith("kn-broker@");
        assertThat(prepare.getHeader("ce-source")).startsWith("/trigger-on-schedule/");
        assertThat(prepare.getHeader("Content-Type")).startsWith("application/json");
        assertThat(prepareBody.path("data").path("dashboardId").asText()).isEqualTo("kn-broker");
        assertThat(runs.find(prepare.getHeader("ce-id"))).as("prepare-anomaly has not run").isEmpty();
        stub.verify(0, postRequestedFor(urlEqualTo("/api/annotations")));

        // The Broker's Trigger for prepare-anomaly delivers it; the stage sends push-grafana to the sink and answers.
        deliver(prepare).statusCode(200)
                .header("ce-type", "dashboard-insights.prepare-anomaly.result")
                .body("function", equalTo("prepare-anomaly"))
                .body("status", equalTo("succeeded"));
        events = SinkRecorder.eventsFor(sink, "kn-broker");
        assertThat(events).hasSize(2);
        LoggedRequest push = events.get(1);
        assertThat(push.getHeader("ce-type")).isEqualTo("dashboard-insights.push-grafana");
        assertThat(push.getHeader("ce-id")).isEqualTo(prepare.getHeader("ce-id") + ":push")
                .isEqualTo(JSON.readTree(push.getBodyAsString()).path("id").asText());
        stub.verify(0, postRequestedFor(urlEqualTo("/api/annotations")));

        // The push-grafana Trigger delivers that one: now Grafana gets the annotation.
        deliver(push).statusCode(200).body("status", equalTo("succeeded"));
        stub.verify(postRequestedFor(urlEqualTo("/api/annotations"))
                .withRequestBody(matchingJsonPath("$.dashboardUID", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("uid-kn-broker"))));
        assertThat(SinkRecorder.eventsFor(sink, "kn-broker")).as("push-grafana emits nothing").hasSize(2);
    }

    @Test
    void stageAnswers5xxOnATransientFailureAndTheRedeliveryWithTheSameIdSucceeds() {
        importer.importJson(Dashboards.one("kn-retry", "trend_analysis", "uid-kn-retry"));
        stub.stubFor(post(urlEqualTo("/api/v1/query_range")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"too many queries\"}")));
        String event = Dashboards.envelope("prepare-trend", "kn-retry-1", "kn-retry");

        // 5xx: the Broker retries (and after its last retry, dead-letters) instead of dropping the event.
        int status = deliver("kn-retry-1", "dashboard-insights.prepare-trend", "kn-retry", event)
                .extract().statusCode();
        assertThat(status).isBetween(500, 599);
        assertThat(SinkRecorder.eventsFor(sink, "kn-retry")).as("nothing handed on").isEmpty();

        StandIns.stubMetricsAndGrafana(stub);
        deliver("kn-retry-1", "dashboard-insights.prepare-trend", "kn-retry", event).statusCode(200)
                .body("status", equalTo("succeeded"));
        assertThat(SinkRecorder.eventsFor(sink, "kn-retry")).extracting(r -> r.getHeader("ce-id"))
                .containsExactly("kn-retry-1:push");
    }

    @Test
    void eventForAnUnknownDashboardIsRefusedWith4xxSoItIsNotRetried() {
        deliver("kn-unknown-1", "dashboard-insights.prepare-anomaly", "nope",
                Dashboards.envelope("prepare-anomaly", "kn-unknown-1", "no-such-dashboard"))
                .statusCode(404)
                .body("field", equalTo("data.dashboardId"));
    }

    private static ValidatableResponse deliver(LoggedRequest event) {
        return deliver(event.getHeader("ce-id"), event.getHeader("ce-type"), event.getHeader("ce-subject"),
                event.getBodyAsString());
    }

    private static ValidatableResponse deliver(String id, String type, String subject, String body) {
        return BrokerDeliveries.deliver(id, type, subject, body);
    }
}
