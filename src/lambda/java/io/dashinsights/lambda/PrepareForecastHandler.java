package io.dashinsights.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.Functions;
import jakarta.inject.Named;

/**
 * {@code prepare-forecast} on Lambda: batches from its SQS queue (the sqs invoker), a direct invoke with the envelope, or
 * POST /prepare-forecast from the http invoker.
 */
@Named(Functions.PREPARE_FORECAST)
public class PrepareForecastHandler implements RequestHandler<JsonNode, Object> {

    private final LambdaDispatcher dispatcher;

    PrepareForecastHandler(LambdaDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        return dispatcher.stage(Functions.PREPARE_FORECAST, event, context);
    }
}
