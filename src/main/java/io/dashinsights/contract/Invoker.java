package io.dashinsights.contract;

/** Hands an envelope to a function: in this process, or over HTTP to its own deployment. */
public interface Invoker {

    StageResult invoke(String function, Envelope envelope);
}
