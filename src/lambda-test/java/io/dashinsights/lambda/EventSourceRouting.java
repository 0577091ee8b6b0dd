package io.dashinsights.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.Functions;
import jakarta.inject.Named;

import java.util.Map;

/**
 * On AWS each function is its own Lambda and the event source decides which one runs: the EventBridge rule runs
 * the trigger, each queue's event source mapping runs its consumer, the httpApi route runs the webhook. A Quarkus
 * test boots one app with one {@code quarkus.lambda.handler}, so a flow across functions is routed here the same
 * way, by the event's source, to the real handlers (which get the event and the runtime's Context unchanged).
 */
@Named(EventSourceRouting.NAME)
public class EventSourceRouting implements RequestHandler<JsonNode, Object> {

    static final String NAME = "test-event-source-routing";

    private final Map<String, RequestHandler<JsonNode, Object>> handlers;

    EventSourceRouting(TriggerHandler trigger, PrepareAnomalyHandler anomaly, PrepareTrendHandler trend,
                       PrepareForecastHandler forecast, PushGrafanaHandler push, WebhookHandler webhook) {
        handlers = Map.of(Functions.TRIGGER, trigger, Functions.PREPARE_ANOMALY, anomaly, Functions.PREPARE_TREND, trend,
                Functions.PREPARE_FORECAST, forecast, Functions.PUSH_GRAFANA, push, Functions.WEBHOOK_ERROR_ALERT, webhook);
    }

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        String function;
        if ("aws.events".equals(event.path("source").asText())) {
            function = Functions.TRIGGER;
        } else if (LambdaDispatcher.isSqsEvent(event)) {
            String arn = event.path("Records").get(0).path("eventSourceARN").asText();
            function = arn.substring(arn.lastIndexOf(':') + 1).substring(ElasticMq.PREFIX.length());
        } else {
            function = event.path("rawPath").asText().substring(1);
        }
        return handlers.get(function).handleRequest(event, context);
    }
}
