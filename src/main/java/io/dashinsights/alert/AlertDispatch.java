package io.dashinsights.alert;

/**
 * Takes a recorded alert group off this process when the platform should run it instead: on Lambda a thread
 * left running after the answer is frozen, so the group goes to a queue whose consumer processes it.
 */
public interface AlertDispatch {

    /** True when the group was handed on; false leaves it to this process's worker lanes. */
    boolean dispatch(long groupId, String groupKey);
}
