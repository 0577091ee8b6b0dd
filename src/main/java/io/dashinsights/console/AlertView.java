package io.dashinsights.console;

import io.dashinsights.domain.Investigation;

import java.util.Map;

/**
 * One alert as the Alerts page shows it: what the webhook received, what it measured and decided, and the
 * state of the annotation it made. This record and {@link AlertFeed} are the seam to the webhook feature.
 *
 * @param receivedAt epoch ms when the webhook received this alert (the latest notification for it)
 * @param sender {@code grafana} or {@code alertmanager}
 * @param status {@code firing} or {@code resolved}, as the sender said
 * @param labels the alert's labels, untrusted (the page escapes them)
 * @param errorRate the error rate we measured, as a fraction (0.072 = 7.2 %); null when not measured
 * @param threshold the threshold it was compared with, as a fraction
 * @param decision {@code annotated} or {@code skipped}
 * @param reason why (for skipped: below threshold, no panel, duplicate, …)
 * @param target the Grafana dashboard/panel annotated, e.g. {@code uid/panel 2}; null when none
 * @param annotationId the Grafana annotation id; null when none was made
 * @param annotationState {@code open} (region still growing), {@code closed} (resolved) or null
 * @param investigation what the checks found before the explanation was written; null when none ran
 */
public record AlertView(long receivedAt, String sender, String status, String fingerprint, Map<String, String> labels,
                        Double errorRate, Double threshold, String decision, String reason, String target,
                        Long annotationId, String annotationState, Investigation investigation) {

    public AlertView(long receivedAt, String sender, String status, String fingerprint, Map<String, String> labels,
                     Double errorRate, Double threshold, String decision, String reason, String target,
                     Long annotationId, String annotationState) {
        this(receivedAt, sender, status, fingerprint, labels, errorRate, threshold, decision, reason, target,
                annotationId, annotationState, null);
    }
}
