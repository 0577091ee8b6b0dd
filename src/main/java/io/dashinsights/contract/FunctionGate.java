package io.dashinsights.contract;

import io.dashinsights.config.InsightsConfig;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The door of every function path, before the body is read: only {@code POST} (Funqy would also bind a GET's
 * query string, which any web page can send; the webhook also takes Grafana's PUT), only JSON or CloudEvents bodies (a {@code text/plain} or form POST
 * is what another web site can send without asking, 415), and, except for the webhook whose senders
 * {@code alert.WebhookGate} verifies, the invoker token ({@link InvokerAuth}, 401).
 */
@ApplicationScoped
public class FunctionGate {

    private static final Logger LOG = Logger.getLogger(FunctionGate.class);

    /** Structured CloudEvents and plain JSON; binary-mode CloudEvents carry the data's type, JSON here. */
    static final Set<String> BODY_TYPES = Set.of("application/json", "application/cloudevents+json");

    private final InvokerAuth auth;
    private final Set<String> served;

    FunctionGate(InsightsConfig config) {
        this.served = served(config.invoker().serve());
        boolean production = LaunchMode.current() == LaunchMode.NORMAL;
        this.auth = InvokerAuth.of(config.invoker(), production);
        if (auth.open() && production) {
            LOG.warn("functions accept unauthenticated calls (insights.invoker.auth=none): anyone who reaches this "
                    + "port can run a stage and write to Grafana; keep it behind a NetworkPolicy or private ingress");
        }
    }

    /** Whether this deployment serves {@code function} (insights.invoker.serve). */
    public boolean serves(String function) {
        return served.contains(function);
    }

    /** The check itself, for invocations that do not arrive through the HTTP router. */
    public InvokerAuth auth() {
        return auth;
    }

    void register(@Observes Router router) {
        // First of all routes: a refused request is answered before its body is read.
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String function = Functions.fromPath(ctx.normalizedPath());
        if (function == null && isRoot(ctx.normalizedPath()) && ctx.request().method() == HttpMethod.POST) {
            // Knative delivers events to "/" and Funqy picks the function by ce-type: the same door applies, or
            // "/" would reach every function (push-grafana on the public webhook Service included) unchecked.
            String ceType = ctx.request().getHeader("ce-type");
            function = ceType == null ? null : fromEventType(ceType);
            if (ceType == null && STRUCTURED.equals(mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)))
                    && (served.size() < Functions.ALL.size() || !auth.allows(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)))) {
                // A structured event names its function inside the body, which is not read yet.
                refuse(ctx, 415, "Content-Type", "send binary-mode CloudEvents (ce-type header) to this deployment");
                return;
            }
        }
        if (function == null) {
            ctx.next();
            return;
        }
        if (!served.contains(function)) {
            refuse(ctx, 404, "path", "this deployment serves " + String.join(", ", served) + ", not " + function
                    + " (insights.invoker.serve)");
            return;
        }
        if (!Functions.WEBHOOK_ERROR_ALERT.equals(function)
                && !auth.allows(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            refuse(ctx, 401, "Authorization", "this function needs the invoker's credentials: " + auth.needs());
            return;
        }
        HttpMethod method = ctx.request().method();
        // Grafana's webhook contact point may be set to PUT (alert.WebhookGate turns it into the same POST).
        boolean webhook = Functions.WEBHOOK_ERROR_ALERT.equals(function);
        if (method != HttpMethod.POST && !(webhook && method == HttpMethod.PUT)) {
            ctx.response().putHeader(HttpHeaders.ALLOW, webhook ? "POST, PUT" : "POST");
            refuse(ctx, 405, "method", "functions are invoked with POST" + (webhook ? " or PUT" : "") + ", not "
                    + method);
            return;
        }
        String type = mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
        if (!BODY_TYPES.contains(type)) {
            refuse(ctx, 415, "Content-Type", "function bodies must be application/json or application/cloudevents+json, "
                    + (type.isEmpty() ? "the request has no Content-Type" : "not " + type));
            return;
        }
        ctx.next();
    }

    static final String STRUCTURED = "application/cloudevents+json";
    /** PingSource's fixed type, which Funqy maps to trigger-on-schedule (src/knative/resources). */
    static final String PING = "dev.knative.sources.ping";

    private static boolean isRoot(String path) {
        return path == null || path.chars().allMatch(c -> c == '/');
    }

    /** The function a binary-mode CloudEvent's type reaches, or null for a type no function takes. */
    static String fromEventType(String type) {
        if (PING.equals(type)) {
            return Functions.TRIGGER;
        }
        return type.startsWith(Envelope.TYPE_PREFIX) ? Functions.fromPath(type.substring(Envelope.TYPE_PREFIX.length()))
                : null;
    }

    /** The functions to answer; an unknown name refuses startup, since a typo would silently serve nothing. */
    static Set<String> served(Optional<List<String>> serve) {
        List<String> names = serve.orElse(Functions.ALL).stream().map(String::strip)
                .filter(n -> !n.isEmpty()).toList();
        for (String name : names) {
            if (!Functions.ALL.contains(name)) {
                throw new IllegalStateException("insights.invoker.serve names '" + name + "'; the functions are "
                        + String.join(", ", Functions.ALL));
            }
        }
        return Set.copyOf(names.isEmpty() ? Functions.ALL : names);
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static void refuse(RoutingContext ctx, int status, String field, String message) {
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"dashboard-insights functions\"");
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", message).put("field", field).encode());
    }
}
