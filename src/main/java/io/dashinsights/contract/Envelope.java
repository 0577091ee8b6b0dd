package io.dashinsights.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * The message between stages, shaped as a CloudEvents 1.0 structured event so Knative Eventing and
 * Funqy's CloudEvent mapping route it unchanged. {@code id} is the idempotency key: a stage that sees an
 * id it already finished returns the stored result and does nothing twice.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(String specversion, String id, String type, String source, String subject, String time,
                       String runid, Integer attempt, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String TYPE_PREFIX = "dashboard-insights.";

    /** A new envelope for {@code function}, stamped now. */
    public static Envelope create(String function, String id, String source, String subject, String runid,
                                  JsonNode data) {
        return new Envelope(SPEC_VERSION, id, typeOf(function), source, subject, Instant.now().toString(), runid, 1,
                data);
    }

    public static String typeOf(String function) {
        return TYPE_PREFIX + function;
    }

    public int attemptOrOne() {
        return attempt == null || attempt < 1 ? 1 : attempt;
    }
}
