package io.dashinsights.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.Functions;
import jakarta.inject.Named;

/**
 * {@code on-webhook-error-alert} on Lambda. HTTP API events are the senders' deliveries: the signature covers the
 * raw body and headers, which the app's HTTP stack checks exactly as on a server; the group is recorded and
 * queued ({@link AlertQueue}) before the answer, and nothing is left running after it. SQS events are those
 * queued groups, processed within this invocation's deadline.
 */
@Named(Functions.WEBHOOK_ERROR_ALERT)
public class WebhookHandler implements RequestHandler<JsonNode, Object> {

    private final LambdaDispatcher dispatcher;
    private final AlertQueue alerts;

    WebhookHandler(LambdaDispatcher dispatcher, AlertQueue alerts) {
        this.dispatcher = dispatcher;
        this.alerts = alerts;
    }

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        if (LambdaDispatcher.isSqsEvent(event)) {
            return dispatcher.withDeadline(context,
                    () -> dispatcher.queue(Functions.WEBHOOK_ERROR_ALERT, event, alerts::process));
        }
        if (!LambdaDispatcher.isHttpEvent(event)) {
            throw new IllegalArgumentException(Functions.WEBHOOK_ERROR_ALERT
                    + " takes the webhook as an HTTP API event (httpApi route or Function URL), or its queue's SQS events");
        }
        return dispatcher.http(Functions.WEBHOOK_ERROR_ALERT, event);
    }
}
