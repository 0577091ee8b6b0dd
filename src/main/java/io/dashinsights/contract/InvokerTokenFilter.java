package io.dashinsights.contract;

import io.dashinsights.config.InsightsConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * When {@code insights.invoker.token} is set, the invoked stages (prepare-*, push-grafana) answer only callers
 * that present it: on Lambda and Cloud Run their endpoints are public URLs, and push-grafana writes to Grafana.
 * The trigger and the webhook are left to their own protection (platform OIDC/IAM, signature check).
 */
@ApplicationScoped
public class InvokerTokenFilter {

    static final Set<String> GUARDED = Set.of(Functions.PREPARE_ANOMALY, Functions.PREPARE_TREND,
            Functions.PREPARE_FORECAST, Functions.PUSH_GRAFANA);

    private final InsightsConfig config;

    InvokerTokenFilter(InsightsConfig config) {
        this.config = config;
    }

    void register(@Observes Router router) {
        config.invoker().token().ifPresent(token -> router.route().order(Integer.MIN_VALUE + 1)
                .handler(ctx -> check(ctx, ("Bearer " + token).getBytes(StandardCharsets.UTF_8))));
    }

    private static void check(RoutingContext ctx, byte[] expected) {
        String path = ctx.normalizedPath();
        if (!GUARDED.contains(path.startsWith("/") ? path.substring(1) : path)) {
            ctx.next();
            return;
        }
        String presented = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        // Constant-time comparison: the token is a shared secret.
        if (presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                .end("{\"error\":\"this function needs the invoker token (Authorization: Bearer …)\",\"field\":\"Authorization\"}");
    }
}
