package io.dashinsights.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.contract.Functions;
import io.dashinsights.dashboard.DashboardImporter;
import io.dashinsights.domain.RunStatus;
import io.dashinsights.store.StageRunRepository;
import io.dashinsights.support.Dashboards;
import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The -Plambda build with {@code insights.invoker=sqs} against ElasticMQ: trigger, stage and webhook Lambdas
 * driven through Quarkus' mock event server with the events AWS sends (schedule, SQS batches, HTTP API).
 */
@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ElasticMq.class, restrictToAnnotatedClass = true)
@TestProfile(QueueFlowTest.Routed.class)
class QueueFlowTest {

    /** Every function's handler reachable by its event source (see {@link EventSourceRouting}). */
    public static class Routed extends LambdaEvents.Handler {
        public Routed() {
            super(EventSourceRouting.NAME);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @StandIns.Server
    WireMockServer stub;

    @ElasticMq.Queues
    TestQueues queues;

    @Inject
    DashboardImporter importer;

    @Inject
    StageRunRepository runs;

    @BeforeEach
    void cleanSlate() {
        StandIns.stubMetricsAndGrafana(stub);
        for (String function : ElasticMq.CONSUMERS) {
            queues.drain(queues.url(function));
            queues.drain(queues.deadLetterUrl(function));
        }
    }

    @Test
    void scheduleReachesGrafanaThroughThePrepareAndPushQueues() throws Exception {
        importer.importJson(Dashboards.one("sqs-flow", "anomaly_detection", "uid-sqs-flow"));

        LambdaEvents.invoke(LambdaEvents.scheduledEvent()).statusCode(200)
                .body("dashboards", hasItem("sqs-flow"))
                .body("failed", equalTo(0));
        // The trigger returned with the work queued: one message for this dashboard, nothing run yet.
        Message queued = only(queues.peek(queues.url(Functions.PREPARE_ANOMALY)), "sqs-flow");
        String prepareId = JSON.readTree(queued.body()).path("id").asText();
        assertThat(JSON.readTree(queued.body()).path("type").asText()).isEqualTo("dashboard-insights.prepare-anomaly");
        assertThat(runs.find(prepareId)).isEmpty();
        stub.verify(0, postRequestedFor(urlEqualTo("/api/annotations")));

        TestQueues.Delivery prepared = pollUntil(Functions.PREPARE_ANOMALY, queued.messageId());
        assertThat(prepared.failed()).isEmpty();
        assertThat(runs.find(prepareId)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
        Message push = only(queues.peek(queues.url(Functions.PUSH_GRAFANA)), "sqs-flow");
        assertThat(JSON.readTree(push.body()).path("id").asText()).isEqualTo(prepareId + ":push");
        stub.verify(0, postRequestedFor(urlEqualTo("/api/annotations")));

        TestQueues.Delivery pushed = pollUntil(Functions.PUSH_GRAFANA, push.messageId());
        assertThat(pushed.failed()).isEmpty();
        stub.verify(postRequestedFor(urlEqualTo("/api/annotations")).withRequestBody(matchingJsonPath("$.dashboardUID",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("uid-sqs-flow"))));
        assertThat(queues.approximateCount(queues.url(Functions.PUSH_GRAFANA))).isZero();
    }

    @Test
    void poisonedMessageEndsInTheDeadLetterQueueAfterMaxReceives() {
        String poison = queues.send(Functions.PREPARE_TREND,
                Dashboards.envelope("prepare-trend", "sqs-poison-1", "no-such-dashboard"));

        int deliveries = 0;
        long until = System.currentTimeMillis() + 30_000;
        while (queues.peekDeadLetters(Functions.PREPARE_TREND).isEmpty() && System.currentTimeMillis() < until) {
            TestQueues.Delivery d = queues.poll(Functions.PREPARE_TREND, 10);
            if (d.includes(poison)) {
                assertThat(d.failed()).as("reported as a batch item failure").contains(poison);
                deliveries++;
            }
        }

        assertThat(deliveries).isEqualTo(ElasticMq.MAX_RECEIVES);
        assertThat(queues.peekDeadLetters(Functions.PREPARE_TREND)).extracting(Message::messageId).containsExactly(poison);
        assertThat(queues.approximateCount(queues.url(Functions.PREPARE_TREND))).isZero();
    }

    @Test
    void partialBatchFailureRetriesOnlyTheFailedRecord() throws Exception {
        importer.importJson(Dashboards.one("sqs-batch", "anomaly_detection", "uid-sqs-batch"));
        String good = queues.send(Functions.PUSH_GRAFANA, pushEnvelope("sqs-batch-push-1", "sqs-batch", "uid-sqs-batch"));
        String bad = queues.send(Functions.PUSH_GRAFANA, pushEnvelope("sqs-batch-push-2", "no-such-dashboard", "uid-x"));

        List<Message> batch = receiveBoth(Functions.PUSH_GRAFANA, good, bad);
        JsonNode answer = queues.deliver(Functions.PUSH_GRAFANA, batch);
        List<String> failed = new ArrayList<>();
        answer.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        assertThat(failed).containsExactly(bad);
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                queues.sqs().deleteMessage(d -> d.queueUrl(queues.url(Functions.PUSH_GRAFANA)).receiptHandle(m.receiptHandle()));
            }
        }

        // After the visibility timeout only the failed record comes back.
        TestQueues.Delivery again = pollUntil(Functions.PUSH_GRAFANA, bad);
        assertThat(TestQueues.ids(again.messages())).containsExactly(bad);
        stub.verify(1, postRequestedFor(urlEqualTo("/api/annotations")).withRequestBody(matchingJsonPath("$.dashboardUID",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("uid-sqs-batch"))));
    }

    @Test
    void webhookInvocationRecordsAndQueuesTheGroupAndLeavesNothingRunning() throws Exception {
        String payload = resource("/payloads/grafana-webhook-error-rate-constructed-example.json");
        int requestsBefore = stub.findAll(anyRequestedFor(anyUrl())).size();

        LambdaEvents.invoke(LambdaEvents.httpApiPost("/on-webhook-error-alert", payload, Map.of())).statusCode(200)
                .body("statusCode", equalTo(200));

        // Answered with the group queued: its message is on the webhook's queue, and no worker thread holds it.
        List<Message> queued = queues.peek(queues.url(Functions.WEBHOOK_ERROR_ALERT));
        assertThat(queued).hasSize(1);
        JsonNode envelope = JSON.readTree(queued.get(0).body());
        assertThat(envelope.path("type").asText()).isEqualTo("dashboard-insights.on-webhook-error-alert");
        assertThat(envelope.path("data").path("groupId").canConvertToLong()).isTrue();
        assertThat(busyAlertWorkers()).as("alert worker threads with work").isEmpty();
        Thread.sleep(500);
        assertThat(stub.findAll(anyRequestedFor(anyUrl()))).as("nothing runs after the answer").hasSize(requestsBefore);

        // The queue's consumer (the same function) processes the group within its own invocation.
        TestQueues.Delivery processed = pollUntil(Functions.WEBHOOK_ERROR_ALERT, queued.get(0).messageId());
        assertThat(processed.failed()).isEmpty();
        assertThat(stub.findAll(anyRequestedFor(anyUrl())).size()).as("the consumer measured and annotated")
                .isGreaterThan(requestsBefore);
        assertThat(busyAlertWorkers()).isEmpty();
    }

    /** Threads of the alert worker's lanes that are running something (idle ones wait in the executor's queue). */
    private static List<String> busyAlertWorkers() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("alert-worker-"))
                .filter(e -> java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().startsWith("io.dashinsights.")))
                .map(e -> e.getKey().getName()).toList();
    }

    private TestQueues.Delivery pollUntil(String function, String messageId) {
        long until = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < until) {
            TestQueues.Delivery d = queues.poll(function, 10);
            if (d.includes(messageId)) {
                return d;
            }
        }
        throw new AssertionError("message " + messageId + " never reached " + function);
    }

    private List<Message> receiveBoth(String function, String a, String b) {
        List<Message> got = new ArrayList<>();
        long until = System.currentTimeMillis() + 10_000;
        while (got.size() < 2 && System.currentTimeMillis() < until) {
            got.addAll(queues.sqs().receiveMessage(r -> r.queueUrl(queues.url(function)).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages().stream()
                    .filter(m -> m.messageId().equals(a) || m.messageId().equals(b)).toList());
        }
        assertThat(TestQueues.ids(got)).containsExactlyInAnyOrder(a, b);
        return got;
    }

    private static Message only(List<Message> messages, String dashboardId) throws IOException {
        List<Message> mine = new ArrayList<>();
        for (Message m : messages) {
            if (dashboardId.equals(JSON.readTree(m.body()).path("subject").asText())) {
                mine.add(m);
            }
        }
        assertThat(mine).as("messages for " + dashboardId).hasSize(1);
        return mine.get(0);
    }

    private static String pushEnvelope(String id, String dashboardId, String uid) {
        return """
                {"specversion":"1.0","id":"%s","type":"dashboard-insights.push-grafana","source":"/test",
                 "subject":"%s","runid":"%s","data":{"dashboardId":"%s","target":{"dashboardUid":"%s","panelId":2},
                 "panelText":null,"annotations":[{"key":"%s:1","scope":"%s","time":1767225600000,"timeEnd":null,
                 "text":"Deployed v2","tags":["deploy"]}]}}
                """.formatted(id, dashboardId, id, dashboardId, uid, id, id);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = QueueFlowTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
