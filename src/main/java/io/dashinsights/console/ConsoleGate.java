package io.dashinsights.console;

import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.Functions;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Everything a person reads follows the console's auth setting: the pages, the JSON read API ({@code /api/*},
 * which carries raw alert payloads and annotation ids) and {@code /q/metrics}. Guarding every path except the
 * functions (their own gate) and {@code /q/health} (probes carry no credentials) means a page or endpoint added
 * later is closed by default.
 */
@ApplicationScoped
public class ConsoleGate {

    private static final Logger LOG = Logger.getLogger(ConsoleGate.class);

    private final ConsoleAccess access;

    ConsoleGate(InsightsConfig config) {
        var console = config.console();
        this.access = ConsoleAccess.of(console.auth(), console.username(), console.password(), console.token());
        if (access.open() && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("the operator console, /api/* and /q/metrics are open to anyone who reaches this port"
                    + (console.readOnly() ? "" : ", and the console can run dashboards")
                    + "; set INSIGHTS_CONSOLE_AUTH=basic|bearer");
        }
    }

    /** How long a console form's body may take to arrive. */
    static final long FORM_BODY_WAIT_MS = 5_000;

    private static boolean form(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return ctx.request().method() == io.vertx.core.http.HttpMethod.POST && type != null
                && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static boolean emptyForm(RoutingContext ctx) {
        return form(ctx) && !ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)
                && "0".equals(String.valueOf(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH)).strip());
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (emptyForm(ctx)) {
            // The form reader would wait for a body that is not coming, holding a worker thread until the read
            // timeout; a form without a body cannot carry its token, so it is refused here, on the event loop.
            ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("error", "the form body is empty: it must carry the form's token")
                            .put("field", "token").encode());
            return;
        }
        if (form(ctx) && !ctx.request().isEnded()) {
            // A form whose body stops arriving (announced longer than sent) would hold the worker thread that
            // reads it; the forms are a few dozen bytes, so one that is not complete in a few seconds is refused
            // and its connection closed, which also releases that thread.
            ctx.vertx().setTimer(FORM_BODY_WAIT_MS, id -> {
                if (!ctx.request().isEnded() && !ctx.response().ended()) {
                    ctx.response().setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(new JsonObject().put("error", "the form body did not arrive in full")
                                    .put("field", "body").encode())
                            .onComplete(done -> ctx.request().connection().close());
                }
            });
        }
        if (access.open() || Functions.fromPath(path) != null || path.equals("/q/health")
                || path.startsWith("/q/health/")
                || access.allows(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.next();
            return;
        }
        var response = ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", access.challenge())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/q/")) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(new JsonObject()
                    .put("error", "this endpoint needs the console's credentials (insights.console.auth)")
                    .put("field", "Authorization").encode());
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8")
                    .end("The operator console needs credentials (insights.console.auth).\n");
        }
    }
}
