package io.dashinsights.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.Functions;
import io.dashinsights.schedule.TriggerFunction;
import jakarta.inject.Named;

/** {@code trigger-on-schedule} on Lambda: an EventBridge schedule event (ignored, like any trigger body). */
@Named(Functions.TRIGGER)
public class TriggerHandler implements RequestHandler<JsonNode, Object> {

    private final TriggerFunction function;
    private final LambdaDispatcher dispatcher;

    TriggerHandler(TriggerFunction function, LambdaDispatcher dispatcher) {
        this.function = function;
        this.dispatcher = dispatcher;
    }

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        return LambdaDispatcher.isHttpEvent(event) ? dispatcher.http(Functions.TRIGGER, event)
                : function.trigger(event);
    }
}
