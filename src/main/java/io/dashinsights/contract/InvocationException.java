package io.dashinsights.contract;

/** The next stage could not be reached or refused the envelope; the message carries URL, status and body. */
public class InvocationException extends RuntimeException {
    public InvocationException(String message, Throwable cause) {
        super(message, cause);
    }
}
