package io.dashinsights.capacity;

/** No slot for a dependency freed up within {@code insights.limits.max-wait}: it is saturated by our own calls. */
public class DependencyBusyException extends RuntimeException {

    public DependencyBusyException(String message) {
        super(message);
    }
}
