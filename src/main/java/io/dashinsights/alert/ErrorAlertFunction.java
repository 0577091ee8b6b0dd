package io.dashinsights.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.BadInputException;
import io.dashinsights.contract.Functions;
import io.quarkus.funqy.Funq;

/**
 * {@code on-webhook-error-alert}. Triggered by a Grafana or Alertmanager webhook; not built yet, so it
 * answers 501 rather than pretending to accept an alert it would drop.
 */
public class ErrorAlertFunction {

    @Funq(Functions.WEBHOOK_ERROR_ALERT)
    public JsonNode onAlert(JsonNode payload) {
        throw new BadInputException(501, "body", "on-webhook-error-alert is not implemented yet: the alert was not recorded");
    }
}
