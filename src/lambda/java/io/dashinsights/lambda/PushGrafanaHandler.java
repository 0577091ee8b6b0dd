package io.dashinsights.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.Functions;
import jakarta.inject.Named;

/**
 * {@code push-grafana} on Lambda: batches from its SQS queue (the sqs invoker), a direct invoke with the envelope, or
 * POST /push-grafana from the http invoker.
 */
@Named(Functions.PUSH_GRAFANA)
public class PushGrafanaHandler implements RequestHandler<JsonNode, Object> {

    private final LambdaDispatcher dispatcher;

    PushGrafanaHandler(LambdaDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        return dispatcher.stage(Functions.PUSH_GRAFANA, event, context);
    }
}
