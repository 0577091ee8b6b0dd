package io.dashinsights.contract;

/**
 * Hands an envelope to the next function and does not wait for it to run: in this process (the default), or
 * through the platform's own event engine (a Knative Broker, an SQS queue). The HTTP invoker, kept for people
 * who want it, is the one that waits for the next stage's answer.
 */
public interface Invoker {

    /**
     * The next stage's answer when this invoker runs it before returning; {@link StageResult#sent} when the
     * platform accepted the envelope and will deliver it (at least once) later. Throws when it was not accepted.
     */
    StageResult invoke(String function, Envelope envelope);
}
