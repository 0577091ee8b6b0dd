package io.dashinsights.contract;

/** The work behind one Funqy function; the in-process invoker calls these directly. */
public interface Stage {

    /** The function name, one of {@link Functions#ALL}. */
    String function();

    StageResult handle(Envelope envelope);
}
