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

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String path = ctx.normalizedPath();
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
