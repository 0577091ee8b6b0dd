package io.dashinsights.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.Functions;
import jakarta.inject.Named;

/**
 * {@code prepare-trend} on Lambda: batches from its SQS queue (the sqs invoker), a direct invoke with the envelope, or
 * POST /prepare-trend from the http invoker.
 */
@Named(Functions.PREPARE_TREND)
public class PrepareTrendHandler implements RequestHandler<JsonNode, Object> {

    private final LambdaDispatcher dispatcher;

    PrepareTrendHandler(LambdaDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        return dispatcher.stage(Functions.PREPARE_TREND, event, context);
    }
}
