package io.dashinsights.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.ContractProducers;
import io.dashinsights.contract.Envelope;
import io.dashinsights.contract.Functions;
import io.dashinsights.contract.Invoker;
import io.dashinsights.contract.StageResult;
import io.dashinsights.domain.AlertStatus;
import io.dashinsights.domain.ErrorRateIncident;
import io.dashinsights.domain.GrafanaTarget;
import io.dashinsights.domain.PushReceipt;
import io.dashinsights.domain.PushRequest;
import io.dashinsights.grafana.PushService;
import io.dashinsights.insight.AiModels;
import io.dashinsights.insight.Explainer;
import io.dashinsights.insight.Explanation;
import io.dashinsights.grafana.AnnotationTags;
import io.dashinsights.insight.Numbers;
import io.dashinsights.insight.TemplateWriter;
import io.dashinsights.store.AlertGroupRepository;
import io.dashinsights.store.AlertStateRepository;
import io.dashinsights.store.AlertState;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Works through one recorded alert group: for each firing alert, measure the error rate, skip it at or
 * below the threshold, find its panels, explain the group once, and push one region annotation per panel
 * through push-grafana; for each resolved alert, close that same annotation. Every decision is written to
 * alert_states first, so a retry of the group (after a crash or a failed push) continues where it stopped
 * and never annotates twice.
 */
@ApplicationScoped
public class AlertProcessor {

    private static final Logger LOG = Logger.getLogger(AlertProcessor.class);
    private static final AlertContext.Measured UNMEASURED = new AlertContext.Measured(null, null, null);

    /** A firing alert that gets annotations; {@code previous} is its row when this is a retry or it resolved early. */
    private record Pending(AlertItem alert, AlertContext.Measured measured, List<GrafanaTarget> targets,
                           AlertState previous) {
    }

    /** The group's push did not get through; the worker processes the group again later. */
    public static class PushFailedException extends RuntimeException {
        PushFailedException(String message) {
            super(message);
        }
    }

    /** Grafana refuses this annotation for good (e.g. its dashboard does not exist): recorded, not retried. */
    static class PushRefusedException extends RuntimeException {
        PushRefusedException(String message) {
            super(message);
        }
    }

    private final AlertContext context;
    private final PanelResolver resolver;
    private final Explainer explainer;
    private final Invoker invoker;
    private final AlertStateRepository states;
    private final AlertGroupRepository groups;
    private final ObjectMapper mapper;
    private final double threshold;
    private final Clock clock;
    private final AiModels models;
    private final long explainAgainDelay;

    // The pushed annotation's id is needed to close the region later, so the push must answer (not a queue).
    AlertProcessor(AlertContext context, PanelResolver resolver, Explainer explainer,
                   @Identifier(ContractProducers.ANSWERING) Invoker invoker,
                   AlertStateRepository states, AlertGroupRepository groups, ObjectMapper mapper, InsightsConfig config,
                   Clock clock, AiModels models) {
        this.models = models;
        this.explainAgainDelay = config.ai().explainAgainDelay().toMillis();
        this.context = context;
        this.resolver = resolver;
        this.explainer = explainer;
        this.invoker = invoker;
        this.states = states;
        this.groups = groups;
        this.mapper = mapper;
        this.threshold = config.alerts().threshold();
        this.clock = clock;
    }

    public void process(AlertGroupRepository.Row row) {
        AlertGroup group = read(row.payload(), AlertGroup.class);
        // The same alert twice in one group is one occurrence.
        Map<String, AlertItem> unique = new LinkedHashMap<>();
        group.alerts().forEach(a -> unique.putIfAbsent(a.key(), a));
        List<Pending> pending = new ArrayList<>();
        for (AlertItem alert : unique.values()) {
            AlertState state = states.find(alert.key()).orElse(null);
            if (alert.firing()) {
                decide(row, alert, state, pending);
            } else {
                resolve(row, alert, state);
            }
        }
        for (AlertItem alert : group.truncated()) {
            if (states.find(alert.key()).isEmpty()) {
                save(decision(row, alert, AlertStatus.TRUNCATED, UNMEASURED)
                        .endsAt(alert.endsAt() == null ? null : alert.endsAt().toEpochMilli())
                        .reason("the delivery had " + (group.alerts().size() + group.truncated().size())
                                + " alerts; only the first " + group.alerts().size()
                                + " are processed (insights.alerts.max-alerts)"));
            }
        }
        if (!pending.isEmpty()) {
            annotate(row, pending);
        }
    }

    private void decide(AlertGroupRepository.Row row, AlertItem alert, AlertState state, List<Pending> pending) {
        if (state != null && state.status() == AlertStatus.ANNOTATING) {
            // An earlier attempt of this group decided and explained it; only the push is left. Another
            // group's unfinished decision is left to that group's retry.
            if (state.groupId() != null && state.groupId() == row.id()) {
                pending.add(new Pending(alert, new AlertContext.Measured(state.errorRate(), state.rateSource(), null),
                        state.targets(), state));
            }
            return;
        }
        if (state != null && state.status() == AlertStatus.ANNOTATED && state.endsAt() == null) {
            refresh(row, alert, state);
            return;
        }
        if (state != null && state.status().settled()) {
            return;
        }
        Long endsAt = state == null ? null : state.endsAt();
        if (alert.startsAt() == null) {
            save(decision(row, alert, AlertStatus.NO_START, UNMEASURED).endsAt(endsAt)
                    .reason("startsAt is Go's zero time (as in Grafana's test notifications): no time to annotate"));
            return;
        }
        AlertContext.Measured measured = context.measure(alert);
        if (measured.rate() == null) {
            save(decision(row, alert, AlertStatus.NO_RATE, measured).endsAt(endsAt).reason(measured.reason()));
        } else if (measured.rate() <= threshold) {
            save(decision(row, alert, AlertStatus.SKIPPED, measured).endsAt(endsAt)
                    .reason((measured.reason() == null ? "" : measured.reason() + "; ") + "error rate "
                            + Numbers.percent(measured.rate()) + " is at or below the threshold "
                            + Numbers.percent(threshold)));
        } else {
            PanelResolver.Resolution resolution = resolver.resolve(alert);
            if (resolution.targets().isEmpty()) {
                save(decision(row, alert, AlertStatus.UNLINKED, measured).endsAt(endsAt).reason(resolution.reason()));
                LOG.infof("alert %s (%s) above threshold but not annotated: %s", alert.name(), alert.key(),
                        resolution.reason());
            } else {
                pending.add(new Pending(alert, measured, resolution.targets(), state));
            }
        }
    }

    private void annotate(AlertGroupRepository.Row row, List<Pending> pending) {
        List<Pending> fresh = pending.stream().filter(p -> p.previous() == null
                || p.previous().status() != AlertStatus.ANNOTATING).toList();
        Explanation explanation = null;
        if (!fresh.isEmpty()) {
            explanation = explanation(row, fresh);
        }
        for (Pending p : pending) {
            AlertState current;
            if (p.previous() != null && p.previous().status() == AlertStatus.ANNOTATING) {
                current = p.previous();
            } else {
                current = save(decision(row, p.alert(), AlertStatus.ANNOTATING, p.measured()).targets(p.targets())
                        .text(text(p.alert(), p.measured(), explanation)).tags(tags(p.alert(), explanation))
                        .endsAt(p.previous() == null ? null : p.previous().endsAt()).reason(p.measured().reason()));
            }
            Long endsAt = current.endsAt();
            // While firing, the region spans what we know: from startsAt to when the notification arrived.
            long timeEnd = endsAt != null ? endsAt : Math.max(p.alert().startsAt().toEpochMilli(), row.receivedAt());
            Optional<AlertContext.Peak> peak = context.peak(p.alert(), Instant.ofEpochMilli(timeEnd));
            String pushedText = afterHeadline(current.text(),
                    progress(p.alert(), current.errorRate(), peak, timeEnd, endsAt != null));
            List<Long> ids = new ArrayList<>();
            List<String> refusals = new ArrayList<>();
            for (GrafanaTarget target : p.targets()) {
                try {
                    Long id = push(row, p.alert(), target, pushedText, timeEnd, current.tags(), endsAt == null,
                            endsAt == null ? "firing" : "resolved");
                    if (id != null) {
                        ids.add(id);
                    }
                } catch (PushRefusedException e) {
                    refusals.add(e.getMessage());
                }
            }
            AlertStatus status = ids.isEmpty() && !refusals.isEmpty() ? AlertStatus.REFUSED
                    : endsAt == null ? AlertStatus.ANNOTATED : AlertStatus.RESOLVED;
            states.save(withPeak(current.toBuilder(), peak).status(status)
                    .annotationIds(ids.isEmpty() ? current.annotationIds() : ids)
                    .reason(refusals.isEmpty() ? current.reason() : String.join("; ", refusals))
                    .updatedAt(clock.millis()).build());
            if (!ids.isEmpty() && models.enabled() && current.tags().contains(TemplateWriter.TAG)) {
                // Degraded now, better later: the model was down, slow or its answer dropped (AlertWorker asks again).
                states.explainAgainFrom(current.key(), clock.millis() + explainAgainDelay);
            }
        }
    }

    private String text(AlertItem alert, AlertContext.Measured measured, Explanation explanation) {
        ErrorRateIncident incident = new ErrorRateIncident(alert.name(), alert.labels(), measured.rate(), threshold,
                measured.source(), alert.startsAt(), null, explanation.summary(), explanation.author());
        return headline(incident) + "\n" + explanation.text();
    }

    /**
     * A list end to end (stored as a JSON array): an alert name holding ',' is never split into tags (#11);
     * AnnotationTags.pair keeps ':' and ',' out of the value for Grafana's own tag parser.
     */
    private static List<String> tags(AlertItem alert, Explanation explanation) {
        return List.of("error-rate", "ai-explanation", AnnotationTags.pair("alertname", alert.name()),
                explanation.tag());
    }

    /**
     * Degraded now, better later: asks the model again for an occurrence whose annotation got the template's text
     * and, when the model's answer passes the number check, PATCHes the same annotations (same occurrence key, same
     * region) with its text and tag. Returns whether it was upgraded; false when the answer was the template again,
     * or the occurrence changed meanwhile (its own group's processing wins).
     */
    public boolean explainAgain(AlertState state) {
        AlertGroupRepository.Row row = state.groupId() == null ? null : groups.find(state.groupId()).orElse(null);
        AlertItem alert = row == null ? null : read(row.payload(), AlertGroup.class).alerts().stream()
                .filter(a -> a.key().equals(state.key())).findFirst().orElse(null);
        if (alert == null || alert.startsAt() == null) {
            return false;
        }
        AlertContext.Measured measured = new AlertContext.Measured(state.errorRate(), state.rateSource(), null);
        List<GrafanaTarget> targets = state.targets();
        Explanation explanation = explainer.errorSpike(context.facts(alert, measured,
                targets.isEmpty() ? null : targets.get(0).dashboardUid()));
        // The model call took a while: push only what still holds.
        AlertState current = states.find(state.key()).orElse(null);
        if (explanation.author().equals(TemplateWriter.AUTHOR) || current == null
                || current.updatedAt() != state.updatedAt() || current.status() != state.status()) {
            return false;
        }
        String text = text(alert, measured, explanation);
        List<String> tags = tags(alert, explanation);
        Long endsAt = current.endsAt();
        // The same region and progress line (the stored peak) as the last push of this occurrence; only the
        // explanation changes.
        long timeEnd = endsAt != null ? endsAt : Math.max(alert.startsAt().toEpochMilli(), row.receivedAt());
        String pushedText = afterHeadline(text, progress(alert, current.errorRate(),
                peakSoFar(current, Optional.empty()), timeEnd, endsAt != null));
        List<Long> ids = new ArrayList<>();
        for (GrafanaTarget target : targets) {
            Long id = push(row, alert, target, pushedText, timeEnd, tags, endsAt == null,
                    "explained-again-" + clock.millis());
            if (id != null) {
                ids.add(id);
            }
        }
        if (!states.explained(current, text, tags, ids.isEmpty() ? current.annotationIds() : ids, clock.millis())) {
            // Resolved while we pushed: the next try pushes the model's words on the closed region.
            return false;
        }
        groups.saveExplanation(row.id(), write(explanation));
        return true;
    }

    /**
     * A later firing notification of an annotated alert (Alertmanager repeats it every repeat_interval, or with
     * its group's next change): the same annotation is PATCHed with the peak so far and the region grown to this
     * notification, never created again. Only when the peak rose past what the annotation shows (as printed, to
     * 0.1 %): the printed time of an unchanged peak moves with the range query's step, and repeats of a steady
     * alert must not PATCH every time.
     */
    private void refresh(AlertGroupRepository.Row row, AlertItem alert, AlertState state) {
        if (alert.startsAt() == null || state.annotationIds().isEmpty() || state.errorRate() == null) {
            return;
        }
        long until = Math.max(alert.startsAt().toEpochMilli(), row.receivedAt());
        Optional<AlertContext.Peak> peak = context.peak(alert, Instant.ofEpochMilli(until));
        double shown = state.peakRate() != null ? state.peakRate() : state.errorRate();
        if (peak.isEmpty() || peak.get().rate() <= shown
                || Numbers.percent(peak.get().rate()).equals(Numbers.percent(shown))) {
            return;
        }
        String text = afterHeadline(state.text(), progress(alert, state.errorRate(), peak, until, false));
        List<Long> ids = new ArrayList<>();
        for (GrafanaTarget target : state.targets()) {
            try {
                Long id = push(row, alert, target, text, until, state.tags(), true, "firing-" + row.id());
                if (id != null) {
                    ids.add(id);
                }
            } catch (PushRefusedException e) {
                LOG.infof("update of alert %s on %s refused: %s", alert.key(), target.describe(), e.getMessage());
            }
        }
        states.save(withPeak(state.toBuilder(), peak)
                .annotationIds(ids.isEmpty() ? state.annotationIds() : ids).updatedAt(clock.millis()).build());
    }

    private void resolve(AlertGroupRepository.Row row, AlertItem alert, AlertState state) {
        long endsAt = alert.endsAt() != null ? alert.endsAt().toEpochMilli() : row.receivedAt();
        if (state == null) {
            save(decision(row, alert, AlertStatus.RESOLVED_EARLY, UNMEASURED).endsAt(endsAt)
                    .reason("resolved before its firing notification was processed"));
            return;
        }
        switch (state.status()) {
            case ANNOTATED -> {
                List<Long> ids = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                Optional<AlertContext.Peak> peak = peakSoFar(state, context.peak(alert, Instant.ofEpochMilli(endsAt)));
                String closed = afterHeadline(state.text(), progress(alert, state.errorRate(), peak, endsAt, true));
                for (GrafanaTarget target : state.targets()) {
                    try {
                        Long id = push(row, alert, target, closed, endsAt, state.tags(), false, "resolved");
                        if (id == null) {
                            notes.add("the annotation on " + target.describe() + " was deleted in Grafana; not created "
                                    + "again, since the alert resolved");
                        } else {
                            ids.add(id);
                        }
                    } catch (PushRefusedException e) {
                        notes.add(e.getMessage());
                    }
                }
                states.save(withPeak(state.toBuilder(), peak).status(AlertStatus.RESOLVED).endsAt(endsAt)
                        .annotationIds(ids.isEmpty() ? state.annotationIds() : ids)
                        .reason(notes.isEmpty() ? state.reason() : String.join("; ", notes))
                        .updatedAt(clock.millis()).build());
            }
            case RESOLVED -> {
            }
            // Recorded with its end; an ANNOTATING or RESOLVED_EARLY one is still being pushed by its own group,
            // which closes the region with this end.
            default -> states.save(state.toBuilder().endsAt(endsAt).updatedAt(clock.millis()).build());
        }
    }

    /** One model call per group: the facts of its worst alert (the highest rate), the others are listed by name. */
    private Explanation explanation(AlertGroupRepository.Row row, List<Pending> fresh) {
        if (row.explanation() != null) {
            return read(row.explanation(), Explanation.class);
        }
        Pending worst = fresh.stream().max(Comparator.comparingDouble(p -> p.measured().rate())).orElseThrow();
        Explanation explanation = explainer.errorSpike(context.facts(worst.alert(), worst.measured(),
                worst.targets().isEmpty() ? null : worst.targets().get(0).dashboardUid()));
        groups.saveExplanation(row.id(), write(explanation));
        return explanation;
    }

    /**
     * Pushes one region; returns its annotation id, or null when it was deleted in Grafana and, the alert having
     * resolved, left deleted. A firing alert's annotation is open: if deleted, push-grafana creates it again.
     * {@code phase} names the push in its envelope id (the idempotency key), so each distinct push runs once.
     */
    private Long push(AlertGroupRepository.Row row, AlertItem alert, GrafanaTarget target, String text, long timeEnd,
                      List<String> tags, boolean open, String phase) {
        String occurrence = PushRequest.alertOccurrence(alert.key(), target);
        PushRequest.AnnotationPush annotation = new PushRequest.AnnotationPush(occurrence, occurrence,
                alert.startsAt().toEpochMilli(), timeEnd, text, tags, open);
        JsonNode data = mapper.valueToTree(new PushRequest(occurrence, target, List.of(annotation), null));
        Envelope envelope = Envelope.create(Functions.PUSH_GRAFANA, occurrence + ":" + phase,
                "/" + Functions.WEBHOOK_ERROR_ALERT, occurrence, "alert-group-" + row.id(), data);
        StageResult result = invoker.invoke(Functions.PUSH_GRAFANA, envelope);
        PushReceipt receipt = result.result() != null ? mapper.convertValue(result.result(), PushReceipt.class) : null;
        if (receipt != null && receipt.refused() != null) {
            throw new PushRefusedException(receipt.refused());
        }
        if (result.succeeded() && receipt != null && receipt.annotationIds().isEmpty()
                && !receipt.deletedInGrafana().isEmpty()) {
            return null;
        }
        if (!result.succeeded() || receipt == null || receipt.annotationIds().isEmpty()) {
            throw new PushFailedException("push of " + occurrence + " (" + phase + ") did not complete: "
                    + result.status() + " " + result.message());
        }
        return receipt.annotationIds().get(0);
    }

    private static String headline(ErrorRateIncident incident) {
        String labels = incident.labels().entrySet().stream().filter(e -> !e.getKey().equals("alertname")).limit(6)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return String.format("Error rate %s at %s UTC (threshold %s, measured %s): %s {%s}",
                Numbers.percent(incident.errorRate()), TemplateWriter.clock(incident.start()),
                Numbers.percent(incident.threshold()), "payload".equals(incident.rateSource()) ? "by the alert"
                        : "in " + incident.rateSource(), incident.alertName(), labels);
    }

    /** Key numbers first: the progress line goes right under the headline, before the explanation. */
    private static String afterHeadline(String text, String line) {
        int end = text.indexOf('\n');
        return end < 0 ? text + "\n" + line : text.substring(0, end) + "\n" + line + text.substring(end);
    }

    /**
     * The line under the headline: the peak so far while firing, or on resolve the duration and the final peak.
     * The rate at startsAt is already in the headline, so a peak that reads the same is not printed again.
     */
    private static String progress(AlertItem alert, Double startRate, Optional<AlertContext.Peak> measured, long until,
                                   boolean resolved) {
        Optional<AlertContext.Peak> peak = measured
                .filter(pk -> startRate == null || !Numbers.percent(pk.rate()).equals(Numbers.percent(startRate)));
        String peakText = peak.map(pk -> "peak " + Numbers.percent(pk.rate()) + " at " + TemplateWriter.clock(pk.at())
                + " UTC").orElse(startRate == null ? "" : "peak " + Numbers.percent(startRate) + " at the start");
        if (resolved) {
            return "Resolved at " + TemplateWriter.clock(Instant.ofEpochMilli(until)) + " UTC after "
                    + TemplateWriter.duration(until - alert.startsAt().toEpochMilli())
                    + (peakText.isEmpty() ? "" : "; " + peakText) + ".";
        }
        return peak.map(pk -> "Still firing; " + peakText + " so far.").orElse("Still firing.");
    }

    /**
     * The peak while it fired: the one just measured (its time read at this range's step), unless an earlier
     * notification saw a higher one (a longer range is read at a coarser step and can step over a short spike), so
     * the closing text never shows less than the firing one did.
     */
    private static Optional<AlertContext.Peak> peakSoFar(AlertState state, Optional<AlertContext.Peak> measured) {
        if (state.peakRate() == null || state.peakAt() == null
                || measured.filter(pk -> pk.rate() >= state.peakRate()).isPresent()) {
            return measured;
        }
        return Optional.of(new AlertContext.Peak(state.peakRate(), Instant.ofEpochMilli(state.peakAt())));
    }

    /** Keeps the peak just pushed; a push without a measured peak keeps the one stored before. */
    private static AlertState.Builder withPeak(AlertState.Builder state, Optional<AlertContext.Peak> peak) {
        return peak.map(pk -> state.peakRate(pk.rate()).peakAt(pk.at().toEpochMilli())).orElse(state);
    }

    /** A new decision about {@code alert} taken in this group: identity, measurement and the decision itself. */
    private AlertState.Builder decision(AlertGroupRepository.Row row, AlertItem alert, AlertStatus status,
                                        AlertContext.Measured measured) {
        return AlertState.builder().key(alert.key()).fingerprint(alert.fingerprint()).startsAt(alert.startMillis())
                .alertName(alert.name()).labels(write(alert.labels())).groupId(row.id()).status(status)
                .errorRate(measured.rate()).rateSource(measured.source()).threshold(threshold);
    }

    /** Writes a decision, keeping the row's creation time when the occurrence was recorded before. */
    private AlertState save(AlertState.Builder decision) {
        long now = clock.millis();
        AlertState draft = decision.build();
        long createdAt = states.find(draft.key()).map(AlertState::createdAt).orElse(now);
        AlertState state = decision.createdAt(createdAt).updatedAt(now).build();
        states.save(state);
        return state;
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
