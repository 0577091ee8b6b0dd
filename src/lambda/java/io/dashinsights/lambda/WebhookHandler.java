package io.dashinsights.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.Functions;
import jakarta.inject.Named;

/**
 * {@code on-webhook-error-alert} on Lambda: only HTTP API events, because the sender's signature covers the raw
 * body and headers, which the app's HTTP stack checks exactly as on a server.
 */
@Named(Functions.WEBHOOK_ERROR_ALERT)
public class WebhookHandler implements RequestHandler<JsonNode, Object> {

    private final LambdaDispatcher dispatcher;

    WebhookHandler(LambdaDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        if (!LambdaDispatcher.isHttpEvent(event)) {
            throw new IllegalArgumentException(Functions.WEBHOOK_ERROR_ALERT
                    + " takes the webhook as an HTTP API event (httpApi route or Function URL), not a direct invoke");
        }
        return dispatcher.http(Functions.WEBHOOK_ERROR_ALERT, event);
    }
}
