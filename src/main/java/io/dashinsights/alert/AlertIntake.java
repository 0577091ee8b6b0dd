package io.dashinsights.alert;

import io.dashinsights.contract.Credentials;
import io.dashinsights.domain.AlertGroupState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.BadInputException;
import io.dashinsights.store.AlertGroupRepository;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * The fast half of on-webhook-error-alert: check the sender and the payload, record the group durably,
 * hand it to the worker and answer. Explaining and annotating happen after the answer, so a slow model
 * never makes the sender time out and retry.
 */
@ApplicationScoped
public class AlertIntake {

    /** The answer: the recorded group's id, and whether this body had been recorded before. */
    public record Receipt(String status, long groupId, boolean duplicate, int alerts, String message) {
    }

    private final SenderVerifier verifier;
    private final CurrentVertxRequest currentRequest;
    private final AlertGroupRepository groups;
    private final AlertWorker worker;
    private final ObjectMapper mapper;
    private final List<String> valueRefs;
    private final int maxAlerts;
    private final Clock clock;
    private final IntakeActivity activity;

    AlertIntake(SenderVerifier verifier, CurrentVertxRequest currentRequest, AlertGroupRepository groups,
                AlertWorker worker, ObjectMapper mapper, InsightsConfig config, Clock clock, IntakeActivity activity) {
        this.activity = activity;
        this.verifier = verifier;
        this.currentRequest = currentRequest;
        this.groups = groups;
        this.worker = worker;
        this.mapper = mapper;
        this.valueRefs = config.alerts().valueRefs();
        this.maxAlerts = config.alerts().maxAlerts();
        this.clock = clock;
    }

    public Receipt accept(JsonNode payload) {
        if (Boolean.TRUE.equals(verified().get(WebhookGate.PRIMING))) {
            return primed(payload);
        }
        // Counted only once the sender is verified: requests that prove nothing must not hold the processing back.
        activity.delivering();
        try {
            return take(payload);
        } finally {
            activity.delivered();
        }
    }

    private Receipt take(JsonNode payload) {
        AlertGroup group = AlertPayloadParser.parse(payload, valueRefs, maxAlerts, clock.instant());
        AlertGroupRepository.Recorded recorded = record(group, deliveryKey(group));
        if (recorded.duplicate()) {
            repeat(group, recorded);
            return new Receipt(recorded.state().code(), recorded.groupId(), true, group.alerts().size(),
                    "this delivery was recorded before; nothing is done twice");
        }
        worker.submit(recorded.groupId(), group.groupKey());
        return new Receipt("accepted", recorded.groupId(), false, group.alerts().size(),
                "recorded; the explanation and annotation follow asynchronously");
    }

    /**
     * One of this instance's own startup deliveries ({@link IntakePrimer}): every step a delivery takes, the store's
     * INSERT rolled back and the look-up a repeat is answered from; nothing is recorded, processed or counted as a
     * burst. (On PostgreSQL the fresh instance's first wave was still ~30 ms slower at p99 with the look-up alone.)
     */
    private Receipt primed(JsonNode payload) {
        AlertGroup group = AlertPayloadParser.parse(payload, valueRefs, maxAlerts, clock.instant());
        String key = deliveryKey(group);
        groups.rehearseRecord(key, group.source(), group.groupKey(), group.status(), json(group), clock.millis());
        boolean known = groups.recorded(key).isPresent();
        return new Receipt("primed", 0, known, group.alerts().size(), "startup priming: checked, nothing recorded");
    }

    /**
     * The same firing alerts again after their group was processed: Alertmanager re-sends an unchanged group every
     * {@code repeat_interval} (Grafana likewise), with no send time in the body, so it is the same delivery by
     * {@link #deliveryKey}. It is still news: the alerts are firing now. It is recorded once more as a repeat (one
     * per minute, so a sender's retry of it is still a duplicate) and processed like any group; the processor
     * only brings the open regions' peak up to date, and only PATCHes when the peak it shows has changed.
     */
    private void repeat(AlertGroup group, AlertGroupRepository.Recorded original) {
        if (original.state() != AlertGroupState.DONE || group.alerts().stream().noneMatch(AlertItem::firing)) {
            return;
        }
        long now = clock.millis();
        AlertGroupRepository.Recorded repeat = record(group, sha256(deliveryKey(group) + "\nrepeat@" + now / 60_000));
        if (!repeat.duplicate()) {
            worker.submit(repeat.groupId(), group.groupKey());
        }
    }

    /** Records a group made by the scheduled error_rate check (no HTTP request, no sender to verify). */
    public AlertGroupRepository.Recorded record(AlertGroup group) {
        return record(group, deliveryKey(group));
    }

    private AlertGroupRepository.Recorded record(AlertGroup group, String key) {
        return groups.record(key, group.source(), group.groupKey(), group.status(), json(group), clock.millis());
    }

    private String json(AlertGroup group) {
        try {
            return mapper.writeValueAsString(group);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What makes a delivery a repeat: the same alerts (fingerprint + startsAt) with the same statuses. Not the
     * body: since 2025 Grafana puts the send time into every firing alert's dashboardURL/panelURL
     * ({@code from}/{@code to}, grafana/alerting templates/template_data.go 783ce041), so a resend is never
     * byte-identical.
     */
    static String deliveryKey(AlertGroup group) {
        StringBuilder key = new StringBuilder(group.source()).append('\n');
        java.util.stream.Stream.concat(group.alerts().stream(), group.truncated().stream()).map(AlertItem::identity)
                .sorted().distinct().forEach(id -> key.append(id).append('\n'));
        return sha256(key.toString());
    }

    /**
     * The gate verified the sender before Funqy bound the body; should a request arrive another way, verify
     * here on the raw bytes Funqy left on the routing context. Without a request, nothing is accepted.
     */
    private RoutingContext verified() {
        RoutingContext ctx = currentRequest.getCurrent();
        if (ctx == null) {
            throw new BadInputException(401, "authorization", "no HTTP request to verify the sender of");
        }
        if (!Boolean.TRUE.equals(ctx.get(WebhookGate.VERIFIED))) {
            verifier.verify(name -> ctx.request().getHeader(name), WebhookGate.rawBody(ctx));
        }
        return ctx;
    }

    private static String sha256(String s) {
        return HexFormat.of().formatHex(Credentials.sha256(s));
    }
}
