package io.dashinsights.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a function answers. {@code status}: succeeded, failed, in-progress, or sent (an asynchronous invoker
 * handed the envelope to the platform, which runs the stage later); {@code duplicate} is true when the envelope
 * id was seen before and this is the stored answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageResult(String id, String function, String dashboardId, String status, boolean duplicate,
                          String message, JsonNode result) {

    public static final String SENT = "sent";

    /** The answer of an invoker that handed {@code envelope} to the platform; {@code where} names the queue or sink. */
    public static StageResult sent(String function, Envelope envelope, String where) {
        return new StageResult(envelope.id(), function, envelope.subject(), SENT, false, "sent to " + where, null);
    }

    public boolean succeeded() {
        return "succeeded".equals(status);
    }

    /** True when the stage will run later, delivered by the platform: the caller must not act as if it ran. */
    public boolean sent() {
        return SENT.equals(status);
    }

    public StageResult asDuplicate() {
        return new StageResult(id, function, dashboardId, status, true, message, result);
    }
}
