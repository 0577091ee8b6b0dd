package io.dashinsights.contract;

import io.dashinsights.domain.RunStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dashinsights.config.InsightsConfig;
import io.dashinsights.store.StageRun;
import io.dashinsights.store.StageRunRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs a stage at most once per envelope id. A finished id answers its stored result; an id that is
 * running elsewhere answers "in-progress"; a failed one (or one whose runner died, after the lease) runs again.
 */
@ApplicationScoped
public class StageRunner {

    private static final Logger LOG = Logger.getLogger(StageRunner.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@/\\-]{1,200}");

    /** What a stage's work produced; a failed outcome is stored so a retry with the same id runs again. */
    public record Outcome(boolean succeeded, String message, JsonNode result) {
    }

    private final StageRunRepository runs;
    private final ObjectMapper mapper;
    private final InsightsConfig config;
    private final Clock clock;

    StageRunner(StageRunRepository runs, ObjectMapper mapper, InsightsConfig config, Clock clock) {
        this.runs = runs;
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
    }

    /** Checks the envelope's CloudEvents attributes for {@code function}; throws 400 naming the field. */
    public static void validate(String function, Envelope envelope) {
        if (envelope == null) {
            throw BadInputException.badRequest("body", "a CloudEvents-shaped JSON envelope is required");
        }
        if (!Envelope.SPEC_VERSION.equals(envelope.specversion())) {
            throw BadInputException.badRequest("specversion", "field 'specversion' must be \"1.0\"");
        }
        if (envelope.id() == null || !ID.matcher(envelope.id()).matches()) {
            throw BadInputException.badRequest("id", "field 'id' is required: 1-200 characters of letters, digits "
                    + "and _.:@/-");
        }
        if (!Envelope.typeOf(function).equals(envelope.type())) {
            throw BadInputException.badRequest("type", "field 'type' is '" + envelope.type() + "', this function ("
                    + function + ") takes '" + Envelope.typeOf(function) + "'");
        }
        if (envelope.runid() != null && (envelope.runid().length() > 200
                || envelope.runid().chars().anyMatch(Character::isISOControl))) {
            throw BadInputException.badRequest("runid", "field 'runid' must be at most 200 characters without control "
                    + "characters");
        }
        if (envelope.attempt() != null && envelope.attempt() < 1) {
            throw BadInputException.badRequest("attempt", "field 'attempt' must be 1 or more");
        }
        if (envelope.data() == null || !envelope.data().isObject()) {
            throw BadInputException.badRequest("data", "field 'data' must be a JSON object");
        }
    }

    /** Reads a required string from the envelope's data, or 400 naming it. */
    public static String requiredText(Envelope envelope, String field) {
        JsonNode v = envelope.data().get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw BadInputException.badRequest("data." + field, "field 'data." + field + "' is required and must be a string");
        }
        if (v.asText().length() > 200 || v.asText().chars().anyMatch(Character::isISOControl)) {
            throw BadInputException.badRequest("data." + field, "field 'data." + field
                    + "' must be at most 200 characters without control characters");
        }
        return v.asText();
    }

    public StageResult run(String function, Envelope envelope, String dashboardId, Supplier<Outcome> work) {
        // Where the platform gave no deadline (Lambda does, through its handler), the configured budget is one.
        var budget = config.invoker().stageBudget();
        if (budget.isPresent() && Deadline.remaining().isEmpty()) {
            return Deadline.within(budget.get(), () -> runOnce(function, envelope, dashboardId, work));
        }
        return runOnce(function, envelope, dashboardId, work);
    }

    private StageResult runOnce(String function, Envelope envelope, String dashboardId, Supplier<Outcome> work) {
        long now = clock.millis();
        Optional<StageResult> earlier = claimOrAnswer(function, envelope, dashboardId, now);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Outcome outcome;
        try {
            outcome = work.get();
        } catch (RuntimeException e) {
            runs.fail(envelope.id(), null, Failures.describe(e), clock.millis());
            throw e;
        }
        String result = toJson(outcome.result());
        if (outcome.succeeded()) {
            runs.succeed(envelope.id(), result, clock.millis());
        } else {
            runs.fail(envelope.id(), result, outcome.message(), clock.millis());
        }
        return new StageResult(envelope.id(), function, dashboardId, outcome.succeeded() ? "succeeded" : "failed",
                false, outcome.message(), outcome.result());
    }

    private Optional<StageResult> claimOrAnswer(String function, Envelope envelope, String dashboardId, long now) {
        if (runs.begin(envelope.id(), function, dashboardId, envelope.runid(), envelope.attemptOrOne(), now)) {
            return Optional.empty();
        }
        StageRun run = runs.find(envelope.id()).orElseThrow();
        if (!run.function().equals(function)) {
            throw BadInputException.badRequest("id", "field 'id' '" + envelope.id() + "' was already used for "
                    + run.function());
        }
        return switch (run.status()) {
            case SUCCEEDED -> Optional.of(stored(run, "succeeded"));
            case RUNNING -> {
                boolean stale = run.startedAt() + config.schedule().lease().toMillis() < now;
                if (stale && runs.restart(run.id(), RunStatus.RUNNING, run.startedAt(), envelope.attemptOrOne(), now)) {
                    LOG.infof("stage run %s was abandoned by its runner; running it again", run.id());
                    yield Optional.empty();
                }
                yield Optional.of(stored(run, "in-progress"));
            }
            case FAILED -> runs.restart(run.id(), run.status(), run.startedAt(), envelope.attemptOrOne(), now)
                    ? Optional.empty() : Optional.of(stored(run, "in-progress"));
        };
    }

    private StageResult stored(StageRun run, String status) {
        JsonNode result = null;
        if (run.result() != null) {
            try {
                result = mapper.readTree(run.result());
            } catch (JsonProcessingException e) {
                LOG.warnf("stored result of %s is unreadable: %s", run.id(), e.getMessage());
            }
        }
        return new StageResult(run.id(), run.function(), run.dashboardId(), status, true,
                "envelope id seen before; nothing done again", result);
    }

    private String toJson(JsonNode node) {
        try {
            return node == null ? null : mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
