package io.dashinsights.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Stage;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every per-function handler shares. An API Gateway HTTP API (payload 2.0) event is replayed against the
 * app's own HTTP server on loopback, so the Funqy route, the signature and token checks and the error answers
 * are exactly those of a server deployment (quarkus-amazon-lambda-http would do the same in memory, but refuses
 * to share a deployment with per-function handlers). Anything else is a direct invoke whose payload is the input.
 */
@ApplicationScoped
public class LambdaDispatcher {

    // Hop-by-hop or recomputed by the client; forwarding them would break the loopback request.
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding");

    private final ObjectMapper mapper;
    private final Map<String, Stage> stages;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LambdaDispatcher(ObjectMapper mapper, Instance<Stage> stages) {
        this.mapper = mapper;
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

    /** A stage's event: HTTP (the http invoker) or a direct invoke carrying the envelope. */
    public Object stage(String function, JsonNode event) {
        if (isHttpEvent(event)) {
            return http(function, event);
        }
        Envelope envelope;
        try {
            envelope = mapper.treeToValue(event, Envelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(function + " takes an envelope: " + e.getOriginalMessage(), e);
        }
        return stages.get(function).handle(envelope);
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
