package io.dashinsights.grafana;

import io.dashinsights.domain.DashboardStatus;
import io.dashinsights.domain.AnnotationRequest;
import io.dashinsights.domain.GrafanaPort;
import io.dashinsights.domain.GrafanaTarget;
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
import io.dashinsights.store.AlertStateRepository;
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

    /**
     * Documented maxima of what a push stores or sends (README "Security"): longer input is a 400 naming the
     * field before Grafana or the store is touched. Ids and keys match their columns (V1__store.sql).
     */
    static final int MAX_ID = 200;
    static final int MAX_KEY = 500;
    static final int MAX_TEXT = 10_000;
    static final int MAX_ANNOTATIONS = 100;
    static final int MAX_TAGS = 20;
    static final int MAX_TAG = 100;
    /** The tag of text the template wrote ({@code Explanation.tag()} of a template explanation). */
    private static final String TEMPLATE_TAG = "ai:template";

    private final StageRunner runner;
    private final DashboardRepository dashboards;
    private final AnnotationLinkRepository links;
    private final AlertStateRepository alerts;
    private final UpdateLogRepository updateLog;
    private final OutboxRepository outbox;
    private final GrafanaPort grafana;
    private final ObjectMapper mapper;
    private final InsightsConfig config;
    private final Clock clock;

    PushService(StageRunner runner, DashboardRepository dashboards, AnnotationLinkRepository links, AlertStateRepository alerts,
                UpdateLogRepository updateLog, OutboxRepository outbox, GrafanaClient client,
                LocalAnnotationRepository localAnnotations, ObjectMapper mapper, InsightsConfig config, Clock clock) {
        this.runner = runner;
        this.dashboards = dashboards;
        this.links = links;
        this.alerts = alerts;
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
        // The target is the store's, never the caller's: a configured dashboard's own target, or one the alert
        // worker recorded for this alert occurrence. Anything else could write to any dashboard with our token.
        DashboardState dashboard = dashboards.find(request.dashboardId()).orElse(null);
        GrafanaTarget stored = dashboard != null ? dashboard.config().grafana() : alertTarget(request);
        if (stored == null || !stored.equals(request.target())) {
            throw BadInputException.badRequest("data.target", "field 'data.target' (" + request.target().describe()
                    + ") is not the stored target of '" + request.dashboardId() + "' ("
                    + (stored == null ? "none" : stored.describe()) + ")");
        }
        return runner.run(Functions.PUSH_GRAFANA, envelope, request.dashboardId(),
                () -> deliver(envelope, request, dashboard));
    }

    /** The target recorded for an alert occurrence's push, or 404 when the store knows no such alert and target. */
    private GrafanaTarget alertTarget(PushRequest request) {
        String id = request.dashboardId();
        int colon = id.lastIndexOf(':');
        if (!id.startsWith(PushRequest.ALERT_PREFIX) || colon < PushRequest.ALERT_PREFIX.length()) {
            throw BadInputException.notFound("data.dashboardId", "no dashboard with id '" + id + "'");
        }
        String alertKey = id.substring(PushRequest.ALERT_PREFIX.length(), colon);
        return alerts.find(alertKey).stream()
                .flatMap(state -> state.targets().stream())
                .filter(t -> PushRequest.alertOccurrence(alertKey, t).equals(id)).findFirst()
                .orElseThrow(() -> BadInputException.notFound("data.dashboardId", "no recorded alert occurrence '"
                        + id + "' (an alert push names an alert the webhook recorded, with one of its panels)"));
    }

    /**
     * Whether an annotation went out with the template although a model is configured: then the model failed
     * or its answer was dropped, and asking again later may replace the template's words with the model's.
     */
    private boolean explainAgain(PushRequest request) {
        return config.ai().provider() != InsightsConfig.Ai.Provider.NONE && request.annotations().stream()
                .anyMatch(a -> a.tags() != null && a.tags().contains(TEMPLATE_TAG));
    }

    private Outcome deliver(Envelope envelope, PushRequest request, DashboardState dashboard) {
        List<Long> annotationIds = new ArrayList<>();
        List<Long> gone = new ArrayList<>();
        String failure = null;
        String refused = null;
        Long retryAfter = null;
        for (PushRequest.AnnotationPush a : request.annotations()) {
            try {
                Annotated done = annotate(envelope, request, a);
                (done.gone() ? gone : annotationIds).add(done.id());
            } catch (GrafanaRefusal r) {
                refused = r.getMessage();
                break;
            } catch (GrafanaException e) {
                failure = e.getMessage();
                retryAfter = e.retryAfterSeconds();
                break;
            }
        }
        String panelTextRefused = null;
        if (failure == null && refused == null && request.panelText() != null && request.target().panelId() != null
                && dashboard != null && dashboard.config().panelText()) {
            try {
                grafana.setPanelDescription(request.target(), request.panelText(),
                        "dashboard-insights " + envelope.runid());
                log(envelope, request, "panel-description", 200, null, request.panelText(), null);
            } catch (GrafanaRefusal r) {
                // Grafana will never take this description (provisioned, plugin or v2 dashboard, library panel…):
                // recorded, and the annotations above stay delivered.
                log(envelope, request, "panel-description-refused", r.status(), r.getMessage(), request.panelText(), null);
                panelTextRefused = r.reason() + ": " + r.getMessage();
            } catch (GrafanaException e) {
                log(envelope, request, "panel-description", e.status(), e.getMessage(), request.panelText(), null);
                failure = e.getMessage();
                retryAfter = e.retryAfterSeconds();
            }
        }
        long now = clock.millis();
        if (refused != null) {
            // Not kept for retry: Grafana's answer will not change by asking again. The dashboard shows why.
            outbox.delivered(envelope.id(), now);
            if (dashboard != null) {
                dashboards.markFailed(request.dashboardId(), DashboardStatus.REFUSED, refused,
                        now + Backoff.delayMillis(config.schedule(), dashboard.failures(), null));
            }
            LOG.warnf("push for %s refused: %s", request.dashboardId(), refused);
            return new Outcome(false, refused, receipt(request, annotationIds, null, gone, refused, null));
        }
        if (failure == null) {
            outbox.delivered(envelope.id(), now);
            if (dashboard != null && explainAgain(request)) {
                InsightsConfig.Ai ai = config.ai();
                dashboards.markUpdatedExplainAgain(request.dashboardId(), now, ai.explainAgainDelay().toMillis(),
                        ai.explainAgainAttempts());
            } else if (dashboard != null) {
                dashboards.markUpdated(request.dashboardId(), now);
            }
            return new Outcome(true, "pushed " + annotationIds.size() + " annotation(s)"
                    + (gone.isEmpty() ? "" : ", " + gone.size() + " deleted in Grafana left deleted")
                    + (panelTextRefused == null ? "" : "; panel description refused: " + panelTextRefused),
                    receipt(request, annotationIds, null, gone, null, panelTextRefused));
        }
        long retryAt = now + Backoff.delayMillis(config.schedule(), dashboard == null ? 0 : dashboard.failures(),
                retryAfter);
        outbox.enqueue(request.dashboardId(), envelope.id(), json(envelope), failure, retryAt, now);
        if (dashboard != null) {
            dashboards.markFailed(request.dashboardId(), DashboardStatus.PENDING_RETRY, failure, retryAt);
        }
        LOG.warnf("push for %s failed, kept for retry at %s: %s", request.dashboardId(),
                java.time.Instant.ofEpochMilli(retryAt), failure);
        return new Outcome(false, failure, receipt(request, annotationIds, java.time.Instant.ofEpochMilli(retryAt),
                gone, null, panelTextRefused));
    }

    private JsonNode receipt(PushRequest request, List<Long> annotationIds, java.time.Instant retryAt, List<Long> gone,
                             String refused, String panelTextRefused) {
        return mapper.valueToTree(new PushReceipt(request.target().describe(), grafana.describe(), annotationIds,
                retryAt, gone, refused, panelTextRefused));
    }

    /** The annotation a finding has after this push; {@code gone} when it was deleted in Grafana and left so. */
    private record Annotated(long id, boolean gone) {
    }

    private Annotated annotate(Envelope envelope, PushRequest request, PushRequest.AnnotationPush a) {
        // The one place annotation HTML and tags are made: whatever a stage wrote (labels, model text) is escaped,
        // its lines become <br>, and its tags are made to survive Grafana's parser and length limit.
        List<String> tags = AnnotationTags.safe(concat(config.grafana().tags(), a.tags()));
        AnnotationRequest annotation = new AnnotationRequest(request.target().dashboardUid(), request.target().panelId(),
                a.time(), a.timeEnd(), AnnotationText.html(List.of(a.text().split("\n"))), tags);
        var existing = links.find(a.key(), a.scope(), a.time(), a.timeEnd());
        boolean open = Boolean.TRUE.equals(a.open());
        if (existing.isPresent() && existing.get().gone() && !open) {
            return new Annotated(existing.get().annotationId(), true);
        }
        long id;
        String kind;
        String note = null;
        try {
            if (existing.isPresent() && !existing.get().gone()
                    && grafana.updateAnnotation(existing.get().annotationId(), annotation)) {
                id = existing.get().annotationId();
                kind = "annotation-update";
            } else if (existing.isPresent() && !open) {
                long deleted = existing.get().annotationId();
                links.markGone(deleted, clock.millis());
                log(envelope, request, "annotation-deleted-in-grafana", null, "annotation " + deleted + " was deleted "
                        + "in Grafana; the finding is closed, so it is not created again", a.text(), deleted);
                return new Annotated(deleted, true);
            } else {
                id = grafana.createAnnotation(annotation);
                kind = existing.isPresent() ? "annotation-recreate" : "annotation-create";
                if (existing.isPresent()) {
                    note = "annotation " + existing.get().annotationId() + " was deleted in Grafana; the finding is "
                            + "still open, so it was created again";
                }
            }
        } catch (GrafanaException e) {
            log(envelope, request, (e instanceof GrafanaRefusal ? "annotation-refused" : existing.isPresent()
                            ? "annotation-update" : "annotation-create"), e.status(), e.getMessage(), a.text(),
                    existing.map(AnnotationLinkRepository.Existing::annotationId).orElse(null));
            throw e;
        }
        links.save(a.key(), request.dashboardId(), a.scope(), id, a.time(), a.timeEnd(), clock.millis());
        log(envelope, request, kind, 200, note, a.text(), id);
        return new Annotated(id, false);
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
        limit("data.dashboardId", request.dashboardId(), MAX_ID);
        if (request.target() == null || request.target().dashboardUid() == null) {
            throw BadInputException.badRequest("data.target.dashboardUid", "field 'data.target.dashboardUid' is required");
        }
        limit("data.target.dashboardUid", request.target().dashboardUid(), MAX_ID);
        limit("data.panelText", request.panelText(), MAX_TEXT);
        if (request.annotations() == null) {
            throw BadInputException.badRequest("data.annotations", "field 'data.annotations' must be an array");
        }
        if (request.annotations().size() > MAX_ANNOTATIONS) {
            throw BadInputException.badRequest("data.annotations", "field 'data.annotations' has "
                    + request.annotations().size() + " entries, at most " + MAX_ANNOTATIONS + " are accepted");
        }
        for (int i = 0; i < request.annotations().size(); i++) {
            var a = request.annotations().get(i);
            String field = "data.annotations[" + i + "]";
            if (a == null || a.key() == null || a.scope() == null || a.text() == null || a.text().isBlank()
                    || a.tags() == null || a.time() <= 0) {
                throw BadInputException.badRequest(field, "field '" + field
                        + "' needs key, scope, time (epoch ms), text and tags");
            }
            limit(field + ".key", a.key(), MAX_KEY);
            limit(field + ".scope", a.scope(), MAX_KEY);
            limit(field + ".text", a.text(), MAX_TEXT);
            if (a.tags().size() > MAX_TAGS) {
                throw BadInputException.badRequest(field + ".tags", "field '" + field + ".tags' has " + a.tags().size()
                        + " tags, at most " + MAX_TAGS + " are accepted");
            }
            for (int t = 0; t < a.tags().size(); t++) {
                if (a.tags().get(t) == null) {
                    throw BadInputException.badRequest(field + ".tags[" + t + "]", "field '" + field + ".tags[" + t
                            + "]' must be a string");
                }
                limit(field + ".tags[" + t + "]", a.tags().get(t), MAX_TAG);
            }
        }
        return request;
    }

    /** 400 naming the field when {@code value} is longer than its documented maximum. */
    private static void limit(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw BadInputException.badRequest(field, "field '" + field + "' is " + value.length()
                    + " characters long, at most " + max + " are accepted");
        }
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
