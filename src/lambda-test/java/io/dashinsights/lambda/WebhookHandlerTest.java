package io.dashinsights.lambda;

import io.dashinsights.support.StandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(WebhookHandlerTest.Webhook.class)
class WebhookHandlerTest {

    public static class Webhook extends LambdaEvents.Handler {
        public Webhook() {
            super("on-webhook-error-alert");
        }
    }

    @Test
    void httpApiEventReachesTheWebhookFunctionAsAServerRequestWould() throws IOException {
        String payload = resource("/payloads/grafana-webhook-error-rate-constructed-example.json");
        Map<String, String> headers = Map.of("x-grafana-alerting-signature", "0000");
        // Whatever the webhook function answers (its own sender checks included), Lambda must answer the same.
        Response direct = given().port(LambdaEvents.appPort()).contentType("application/json").headers(headers).body(payload)
                .post("/on-webhook-error-alert");

        LambdaEvents.invoke(LambdaEvents.httpApiPost("/on-webhook-error-alert", payload, headers)).statusCode(200)
                .body("statusCode", equalTo(direct.statusCode()))
                .body("statusCode", not(equalTo(404)))
                .body("headers.Content-Type", equalTo(direct.contentType()));
    }

    @Test
    void directInvokeIsRefusedBecauseTheSignatureCoversTheHttpRequest() {
        LambdaEvents.invoke("{\"status\": \"firing\", \"alerts\": []}").statusCode(500);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = WebhookHandlerTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
