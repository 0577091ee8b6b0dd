package io.dashinsights.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns function failures into JSON answers with a status and a message naming the field, never a stack
 * trace. Funqy answers a body it cannot bind with a bare 400; we re-read the body to say which field.
 */
@ApplicationScoped
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    private final ObjectMapper mapper;

    ErrorResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        Throwable failure = unwrap(ctx.failure());
        int status;
        JsonObject body = new JsonObject();
        if (failure instanceof BadInputException bad) {
            status = bad.status();
            body.put("error", bad.getMessage()).put("field", bad.field());
        } else if (failure == null && ctx.statusCode() == 400) {
            status = 400;
            describeUnreadableBody(ctx, body);
        } else if (failure == null && ctx.statusCode() > 0 && ctx.statusCode() < 500) {
            status = ctx.statusCode();
            body.put("error", status == 404 ? "no such function or page: " + ctx.request().path()
                    : status == 413 ? "request body too large" : "request refused");
        } else if (failure != null && failure.getClass().getName().contains("PayloadTooLarge")) {
            status = 413;
            body.put("error", "request body too large");
        } else {
            status = failure instanceof io.dashinsights.store.StoreException ? 503
                    : failure instanceof InvocationException || isDependencyFailure(failure) ? 502 : 500;
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(failure, "request %s %s failed (error id %s)", ctx.request().method(), ctx.request().path(), errorId);
            // A store failure's message carries its SQL statement and a 500's may carry anything: the log has
            // them under the error id; the answer says only what failed.
            body.put("error", status == 503 ? "the store is unavailable or refused the change"
                    : status == 502 && failure != null ? Failures.describe(failure) : "internal error")
                    .put("errorId", errorId);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private void describeUnreadableBody(RoutingContext ctx, JsonObject body) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            body.put("error", "request body is empty or could not be read").put("field", "body");
            return;
        }
        try {
            mapper.readValue(text, Envelope.class);
            body.put("error", "request body could not be read as this function's input").put("field", "body");
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
            body.put("error", "field '" + field + "' has the wrong type: " + e.getOriginalMessage().lines().findFirst()
                    .orElse("")).put("field", field);
        } catch (JsonProcessingException e) {
            body.put("error", "request body is not valid JSON: " + e.getOriginalMessage()).put("field", "body");
        }
    }

    private static boolean isDependencyFailure(Throwable t) {
        return t instanceof DependencyFailure || t instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                || t instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
    }

    /** Funqy wraps what a function throws (ApplicationException); answer for the exception that says why. */
    private static Throwable unwrap(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadInputException || c instanceof InvocationException || isDependencyFailure(c)
                    || c instanceof io.dashinsights.store.StoreException) {
                return c;
            }
        }
        Throwable c = t;
        while (c != null && c.getCause() != null && c.getClass().getName().startsWith("io.quarkus.funqy")) {
            c = c.getCause();
        }
        return c;
    }
}
