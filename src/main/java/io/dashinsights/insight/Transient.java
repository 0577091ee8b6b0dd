package io.dashinsights.insight;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.service.output.OutputParsingException;
import jakarta.ws.rs.WebApplicationException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Which model-call failures are worth one more try. */
final class Transient {

    private Transient() {
    }

    /**
     * A refused connection, a 5xx or a 429 may pass on a second try. A timeout is not retried: a second
     * full wait would double how late the update goes out. A malformed answer is not retried either.
     */
    static boolean retryable(Throwable e) {
        if (isTimeout(e) || isMalformed(e)) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return true;
            }
            if (t instanceof RetriableException) {
                return true;
            }
            if (t instanceof HttpException h && (h.statusCode() >= 500 || h.statusCode() == 429)) {
                return true;
            }
            if (t instanceof WebApplicationException w && w.getResponse() != null
                    && (w.getResponse().getStatus() >= 500 || w.getResponse().getStatus() == 429)) {
                return true;
            }
        }
        return false;
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException || t instanceof SocketTimeoutException
                    || t instanceof dev.langchain4j.exception.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    static boolean isMalformed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutputParsingException || t instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }
}
