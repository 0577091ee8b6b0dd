package io.dashinsights.grafana;

import io.dashinsights.domain.AnnotationRequest;
import io.dashinsights.domain.GrafanaPort;
import io.dashinsights.domain.PushReceipt;
import io.dashinsights.domain.PushRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.BadInputException;
import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Functions;
import io.dashinsights.contract.StageResult;
import io.dashinsights.contract.StageRunner;
import io.dashinsights.contract.StageRunner.Outcome;
import io.dashinsights.schedule.Backoff;
import io.dashinsights.store.AnnotationLinkRepository;
import io.dashinsights.store.DashboardRepository;
import io.dashinsights.domain.DashboardState;
import io.dashinsights.store.LocalAnnotationRepository;
import io.dashinsights.store.OutboxRepository;
import io.dashinsights.store.UpdateLogRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * push-grafana: puts a dashboard's findings on its Grafana target. Each finding has one annotation
 * (updated when pushed again), every attempt goes to the update log, and a push that fails waits in the
 * outbox for a later trigger run. {@code last_update} moves only when everything reached Grafana.
 */
@ApplicationScoped
public class PushService {

    private static final Logger LOG = Logger.getLogger(PushService.class);

    /** Prefix of the {@code dashboardId} of an alert's push: {@code alert:<fingerprint>@<startsAt ms>…}. */
    public static final String ALERT_PREFIX = "alert:";
    /** The tag of text the template wrote ({@code Explanation.tag()} of a template explanation). */
    private static final String TEMPLATE_TAG = "ai:template";

    private final StageRunner runner;
    private final DashboardRepository dashboards;
    private final AnnotationLinkRepository links;
    private final UpdateLogRepository updateLog;
    private final OutboxRepository outbox;
    private final GrafanaPort grafana;
    private final ObjectMapper mapper;
    private final InsightsConfig config;
    private final Clock clock;

    PushService(StageRunner runner, DashboardRepository dashboards, AnnotationLinkRepository links,
                UpdateLogRepository updateLog, OutboxRepository outbox, GrafanaClient client,
                LocalAnnotationRepository localAnnotations, ObjectMapper mapper, InsightsConfig config, Clock clock) {
        this.runner = runner;
        this.dashboards = dashboards;
        this.links = links;
        this.updateLog = updateLog;
        this.outbox = outbox;
        this.grafana = config.grafana().url().isPresent() ? client : new LocalGrafanaSink(localAnnotations, clock);
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
    }

    public StageResult push(Envelope envelope) {
        StageRunner.validate(Functions.PUSH_GRAFANA, envelope);
        PushRequest request = read(envelope);
        // Alert annotations (on-webhook-error-alert) belong to no configured dashboard: their "dashboard id"
        // is the alert occurrence, which also keeps their outbox entries from superseding each other.
        DashboardState dashboard = dashboards.find(request.dashboardId()).orElse(null);
        if (dashboard == null && !request.dashboardId().startsWith(ALERT_PREFIX)) {
            throw BadInputException.notFound("data.dashboardId", "no dashboard with id '" + request.dashboardId() + "'");
        }
        return runner.run(Functions.PUSH_GRAFANA, envelope, request.dashboardId(),
                () -> deliver(envelope, request, dashboard));
    }

    /**
     * Whether an annotation went out with the template although a model is configured: then the model failed
     * or its answer was dropped, and asking again later may replace the template's words with the model's.
     */
    private boolean explainAgain(PushRequest request) {
        return !"none".equalsIgnoreCase(config.ai().provider().strip()) && request.annotations().stream()
                .anyMatch(a -> a.tags() != null && a.tags().contains(TEMPLATE_TAG));
    }

    private Outcome deliver(Envelope envelope, PushRequest request, DashboardState dashboard) {
        List<Long> annotationIds = new ArrayList<>();
        String failure = null;
        Long retryAfter = null;
        for (PushRequest.AnnotationPush a : request.annotations()) {
            try {
                annotationIds.add(annotate(envelope, request, a));
            } catch (GrafanaException e) {
                failure = e.getMessage();
                retryAfter = e.retryAfterSeconds();
                break;
            }
        }
        if (failure == null && request.panelText() != null && request.target().panelId() != null
                && dashboard != null && dashboard.config().panelText()) {
            try {
                grafana.setPanelDescription(request.target(), request.panelText(),
                        "dashboard-insights " + envelope.runid());
                log(envelope, request, "panel-description", 200, null, request.panelText(), null);
            } catch (GrafanaException e) {
                log(envelope, request, "panel-description", e.status(), e.getMessage(), request.panelText(), null);
                failure = e.getMessage();
                retryAfter = e.retryAfterSeconds();
            }
        }
        long now = clock.millis();
        if (failure == null) {
            outbox.delivered(envelope.id(), now);
            if (dashboard != null && explainAgain(request)) {
                InsightsConfig.Ai ai = config.ai();
                dashboards.markUpdatedExplainAgain(request.dashboardId(), now, ai.explainAgainDelay().toMillis(),
                        ai.explainAgainAttempts());
            } else if (dashboard != null) {
                dashboards.markUpdated(request.dashboardId(), now);
            }
            return new Outcome(true, "pushed " + annotationIds.size() + " annotation(s)",
                    receipt(request, annotationIds, null));
        }
        long retryAt = now + Backoff.delayMillis(config.schedule(), dashboard == null ? 0 : dashboard.failures(),
                retryAfter);
        outbox.enqueue(request.dashboardId(), envelope.id(), json(envelope), failure, retryAt, now);
        if (dashboard != null) {
            dashboards.markFailed(request.dashboardId(), "pending-retry", failure, retryAt);
        }
        LOG.warnf("push for %s failed, kept for retry at %s: %s", request.dashboardId(),
                java.time.Instant.ofEpochMilli(retryAt), failure);
        return new Outcome(false, failure, receipt(request, annotationIds, java.time.Instant.ofEpochMilli(retryAt)));
    }

    private JsonNode receipt(PushRequest request, List<Long> annotationIds, java.time.Instant retryAt) {
        return mapper.valueToTree(new PushReceipt(request.target().describe(), grafana.describe(), annotationIds,
                retryAt));
    }

    private long annotate(Envelope envelope, PushRequest request, PushRequest.AnnotationPush a) {
        // The one place annotation HTML and tags are made: whatever a stage wrote (labels, model text) is escaped,
        // its lines become <br>, and its tags are made to survive Grafana's parser and length limit.
        List<String> tags = AnnotationTags.safe(concat(config.grafana().tags(), a.tags()));
        AnnotationRequest annotation = new AnnotationRequest(request.target().dashboardUid(), request.target().panelId(),
                a.time(), a.timeEnd(), AnnotationText.html(List.of(a.text().split("\n"))), tags);
        var existing = links.find(a.key(), a.scope(), a.time(), a.timeEnd());
        long id;
        String kind;
        try {
            if (existing.isPresent() && grafana.updateAnnotation(existing.get(), annotation)) {
                id = existing.get();
                kind = "annotation-update";
            } else {
                id = grafana.createAnnotation(annotation);
                kind = "annotation-create";
            }
        } catch (GrafanaException e) {
            log(envelope, request, existing.isPresent() ? "annotation-update" : "annotation-create", e.status(),
                    e.getMessage(), a.text(), existing.orElse(null));
            throw e;
        }
        links.save(a.key(), request.dashboardId(), a.scope(), id, a.time(), a.timeEnd(), clock.millis());
        log(envelope, request, kind, 200, null, a.text(), id);
        return id;
    }

    private void log(Envelope envelope, PushRequest request, String kind, Integer status, String error, String text,
                     Long annotationId) {
        updateLog.record(request.dashboardId(), envelope.runid(), grafana.describe() + " " + request.target().describe(),
                kind, status, error, text, annotationId, clock.millis());
    }

    private PushRequest read(Envelope envelope) {
        PushRequest request;
        try {
            request = mapper.treeToValue(envelope.data(), PushRequest.class);
        } catch (JsonProcessingException e) {
            throw BadInputException.badRequest("data", "field 'data' is not a push request: " + e.getOriginalMessage());
        }
        if (request.dashboardId() == null || request.dashboardId().isBlank()) {
            throw BadInputException.badRequest("data.dashboardId", "field 'data.dashboardId' is required");
        }
        if (request.target() == null || request.target().dashboardUid() == null) {
            throw BadInputException.badRequest("data.target.dashboardUid", "field 'data.target.dashboardUid' is required");
        }
        if (request.annotations() == null) {
            throw BadInputException.badRequest("data.annotations", "field 'data.annotations' must be an array");
        }
        for (int i = 0; i < request.annotations().size(); i++) {
            var a = request.annotations().get(i);
            if (a == null || a.key() == null || a.scope() == null || a.text() == null || a.text().isBlank()
                    || a.tags() == null || a.time() <= 0) {
                throw BadInputException.badRequest("data.annotations[" + i + "]", "field 'data.annotations[" + i
                        + "]' needs key, scope, time (epoch ms), text and tags");
            }
        }
        return request;
    }

    private String json(Envelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
