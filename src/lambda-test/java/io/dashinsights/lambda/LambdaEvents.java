package io.dashinsights.lambda;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dashinsights.support.PrometheusStandIn;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;

/**
 * Sends events through Quarkus' mock Lambda event server (the runtime polls it exactly as it polls AWS's
 * runtime API), and the events AWS sends: EventBridge schedule, HTTP API payload 2.0.
 */
final class LambdaEvents {

    /** Fixed, and away from 8081 (the event server's default), since several builds share this machine. */
    static final int EVENT_SERVER_PORT = 18581;
    static final String INVOKER_TOKEN = "test-invoker-token";

    private LambdaEvents() {
    }

    /** Runs the app as the Lambda deployment of one function, as QUARKUS_LAMBDA_HANDLER does on AWS. */
    abstract static class Handler implements QuarkusTestProfile {
        private final String function;

        Handler(String function) {
            this.function = function;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", function,
                    "quarkus.lambda.mock-event-server.test-port", String.valueOf(EVENT_SERVER_PORT),
                    "insights.invoker.token", INVOKER_TOKEN);
        }
    }

    /** The port the app's own HTTP server bound (random in these tests). */
    static int appPort() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    static ValidatableResponse invoke(String event) {
        return given().port(EVENT_SERVER_PORT).contentType(ContentType.JSON).body(event).post("/_lambda_").then();
    }

    /** What EventBridge delivers for {@code schedule: rate(1 minute)}. */
    static String scheduledEvent() {
        return """
                {"version": "0", "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", "detail-type": "Scheduled Event",
                 "source": "aws.events", "account": "123456789012", "time": "2026-11-27T12:00:00Z",
                 "region": "eu-west-1", "resources": ["arn:aws:events:eu-west-1:123456789012:rule/insights-trigger"],
                 "detail": {}}
                """;
    }

    /** An API Gateway HTTP API (payload 2.0) POST with a JSON body. */
    static String httpApiPost(String path, String body, Map<String, String> headers) {
        StringBuilder h = new StringBuilder("{\"content-type\": \"application/json\"");
        headers.forEach((k, v) -> h.append(", \"").append(k).append("\": \"").append(v).append('"'));
        h.append('}');
        return """
                {"version": "2.0", "routeKey": "POST %1$s", "rawPath": "%1$s", "rawQueryString": "",
                 "headers": %2$s,
                 "requestContext": {"accountId": "123456789012", "apiId": "abc123", "domainName": "abc123.execute-api.eu-west-1.amazonaws.com",
                   "http": {"method": "POST", "path": "%1$s", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.9", "userAgent": "Grafana"},
                   "requestId": "req-1", "routeKey": "POST %1$s", "stage": "$default", "time": "27/Nov/2026:12:00:00 +0000", "timeEpoch": 1795780800000},
                 "body": %3$s, "isBase64Encoded": false}
                """.formatted(path, h, io.vertx.core.json.Json.encode(body));
    }
}
