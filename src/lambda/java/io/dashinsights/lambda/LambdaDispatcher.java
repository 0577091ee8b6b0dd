package io.dashinsights.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.Deadline;
import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Failures;
import io.dashinsights.contract.Stage;
import io.dashinsights.contract.StageResult;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What every per-function handler shares. An API Gateway HTTP API (payload 2.0) event is replayed against the
 * app's own HTTP server on loopback, so the Funqy route, the signature and token checks and the error answers
 * are exactly those of a server deployment (quarkus-amazon-lambda-http would do the same in memory, but refuses
 * to share a deployment with per-function handlers). An SQS event is a batch of envelopes from the function's
 * queue, answered with the records to retry; anything else is a direct invoke whose payload is the input.
 */
@ApplicationScoped
public class LambdaDispatcher {

    // Hop-by-hop or recomputed by the client; forwarding them would break the loopback request.
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding");

    private static final Logger LOG = Logger.getLogger(LambdaDispatcher.class);
    /** Lambda's longest timeout: a "remaining time" above it is no deadline (the mock event server sends none). */
    private static final long MAX_REMAINING_MS = Duration.ofMinutes(15).toMillis();

    private final ObjectMapper mapper;
    private final InsightsConfig config;
    private final Map<String, Stage> stages;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LambdaDispatcher(ObjectMapper mapper, InsightsConfig config, Instance<Stage> stages) {
        this.mapper = mapper;
        this.config = config;
        this.stages = stages.stream().collect(Collectors.toMap(Stage::function, Function.identity()));
    }

    /** True for an HTTP API payload 2.0 event (what httpApi routes and Function URLs deliver). */
    static boolean isHttpEvent(JsonNode event) {
        return event != null && "2.0".equals(event.path("version").asText())
                && event.path("requestContext").has("http");
    }

    /** Serves an HTTP event, but only for this deployment's own function: one Lambda, one function. */
    public APIGatewayV2HTTPResponse http(String function, JsonNode event) {
        APIGatewayV2HTTPEvent request;
        try {
            request = mapper.treeToValue(event, APIGatewayV2HTTPEvent.class);
        } catch (JsonProcessingException e) {
            return error(400, "not an HTTP API payload 2.0 event: " + e.getOriginalMessage());
        }
        String path = request.getRawPath() == null ? "" : request.getRawPath();
        if (!path.equals("/" + function)) {
            return error(404, "this Lambda serves /" + function + ", not " + path);
        }
        String body = request.getBody() == null ? "" : request.getBody();
        byte[] bytes = request.getIsBase64Encoded() ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create("http://localhost:" + localPort() + path
                        + (request.getRawQueryString() == null || request.getRawQueryString().isEmpty() ? ""
                        : "?" + request.getRawQueryString())))
                .timeout(Duration.ofMinutes(15))
                .method(request.getRequestContext().getHttp().getMethod(), HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (request.getHeaders() != null) {
            request.getHeaders().forEach((name, value) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    forward.header(name, value);
                }
            });
        }
        try {
            HttpResponse<String> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new HashMap<>();
            answer.headers().firstValue("content-type").ifPresent(v -> headers.put("Content-Type", v));
            return APIGatewayV2HTTPResponse.builder().withStatusCode(answer.statusCode()).withHeaders(headers)
                    .withBody(answer.body()).withIsBase64Encoded(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException("the app's HTTP server on loopback did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while serving " + path, e);
        }
    }

    /** True for an SQS event source's batch ({@code Records[].eventSource = "aws:sqs"}). */
    static boolean isSqsEvent(JsonNode event) {
        JsonNode records = event == null ? null : event.get("Records");
        return records != null && records.isArray() && !records.isEmpty()
                && "aws:sqs".equals(records.get(0).path("eventSource").asText());
    }

    /**
     * Runs {@code work} under the invocation's deadline: Lambda's remaining time, or the configured stage budget
     * when the runtime gave none (the mock event server in tests sends no deadline header).
     */
    public <T> T withDeadline(Context context, Supplier<T> work) {
        long ms = context == null ? -1 : context.getRemainingTimeInMillis();
        Optional<Duration> left = ms > 0 && ms <= MAX_REMAINING_MS ? Optional.of(Duration.ofMillis(ms))
                : config.invoker().stageBudget();
        return left.isPresent() ? Deadline.within(left.get(), work) : work.get();
    }

    /**
     * One SQS batch: each record's body is an envelope for {@code work}. Records that failed (an exception, bad
     * input included, or another runner holding the id), and those not started because the deadline was too
     * near, are answered as batch item failures: SQS makes only them visible again, and after the queue's
     * maxReceiveCount moves them to its dead-letter queue. A stage whose outcome was "failed" has already put
     * its retry in the store (the outbox), so its message is done.
     */
    public SQSBatchResponse queue(String function, JsonNode event, Function<Envelope, StageResult> work) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Duration reserve = config.invoker().deadlineReserve();
        for (JsonNode record : event.get("Records")) {
            String messageId = record.path("messageId").asText();
            if (Deadline.remaining().map(left -> left.compareTo(reserve) < 0).orElse(false)) {
                LOG.infof("%s: deadline near, message %s left for redelivery", function, messageId);
                failures.add(new SQSBatchResponse.BatchItemFailure(messageId));
                continue;
            }
            try {
                Envelope envelope = mapper.readValue(record.path("body").asText(), Envelope.class);
                StageResult result = work.apply(envelope);
                if ("in-progress".equals(result.status())) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(messageId));
                }
            } catch (Exception e) {
                LOG.warnf("%s: message %s (receive %s) failed: %s", function, messageId,
                        record.path("attributes").path("ApproximateReceiveCount").asText("?"), Failures.describe(e));
                failures.add(new SQSBatchResponse.BatchItemFailure(messageId));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** A stage's event: a batch from its queue, HTTP (the http invoker), or a direct invoke carrying the envelope. */
    public Object stage(String function, JsonNode event, Context context) {
        if (isSqsEvent(event)) {
            Stage stage = stages.get(function);
            return withDeadline(context, () -> queue(function, event, stage::handle));
        }
        if (isHttpEvent(event)) {
            return http(function, event);
        }
        Envelope envelope;
        try {
            envelope = mapper.treeToValue(event, Envelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(function + " takes an envelope: " + e.getOriginalMessage(), e);
        }
        Envelope direct = envelope;
        return withDeadline(context, () -> stages.get(function).handle(direct));
    }

    private static int localPort() {
        // Quarkus publishes the bound port here, also when it was 0 (random) as in tests.
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return ConfigProvider.getConfig().getValue(key, Integer.class);
    }

    private static APIGatewayV2HTTPResponse error(int status, String message) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(new JsonObject().put("error", message).encode()).withIsBase64Encoded(false).build();
    }
}
