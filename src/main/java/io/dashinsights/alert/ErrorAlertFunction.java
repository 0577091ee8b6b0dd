package io.dashinsights.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.dashinsights.contract.Functions;
import io.quarkus.funqy.Funq;

/**
 * {@code on-webhook-error-alert}. Triggered by a Grafana Alerting contact point (payload version "1") or
 * an Alertmanager webhook receiver (version "4"); the sender is verified by {@link WebhookGate} first.
 * Answers once the group is recorded; the worker then explains it and emits {@code push-grafana}
 * invocations (one region annotation per alert and panel, closed on resolve).
 */
public class ErrorAlertFunction {

    private final AlertIntake intake;

    ErrorAlertFunction(AlertIntake intake) {
        this.intake = intake;
    }

    @Funq(Functions.WEBHOOK_ERROR_ALERT)
    public AlertIntake.Receipt onAlert(JsonNode payload) {
        return intake.accept(payload);
    }
}
