package io.dashinsights.alert;

import io.dashinsights.config.InsightsConfig;
import io.dashinsights.contract.BadInputException;
import io.dashinsights.contract.Functions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Verifies the sender of {@code POST /on-webhook-error-alert} on the raw body, before Funqy binds it:
 * Funqy answers a body that is not JSON with 400 on its own, and an unauthenticated caller should learn
 * nothing but 401. Runs right after Quarkus' body handler, so the bytes are exactly what was signed.
 */
@ApplicationScoped
public class WebhookGate {

    /** Set on the routing context once the sender is verified; the function refuses requests without it. */
    static final String VERIFIED = "insights.alerts.verified";
    /** Set on the routing context for this instance's own priming deliveries (verified like any other). */
    static final String PRIMING = "insights.alerts.priming";
    /** After the body handler (Integer.MIN_VALUE + 1), before every application route. */
    private static final int ORDER = Integer.MIN_VALUE + 100;

    private final SenderVerifier verifier;
    private final int maxBodyBytes;
    private final IntakeActivity activity;

    private final IntakePrimer primer;

    WebhookGate(SenderVerifier verifier, InsightsConfig config, IntakeActivity activity, IntakePrimer primer) {
        this.verifier = verifier;
        this.primer = primer;
        this.activity = activity;
        this.maxBodyBytes = config.alerts().maxBodyBytes();
    }

    void register(@Observes Router router) {
        router.post("/" + Functions.WEBHOOK_ERROR_ALERT).order(ORDER).handler(this::check);
        // A Grafana webhook contact point may send with httpMethod PUT (grafana/alerting receivers/webhook/v1/
        // config.go 783ce041: POST or PUT); Funqy only routes POST, so a verified PUT continues as the same POST.
        // The body read for the PUT stays on the context and is verified by check() like any POST.
        router.put("/" + Functions.WEBHOOK_ERROR_ALERT).order(ORDER)
                .handler(ctx -> ctx.reroute(HttpMethod.POST, ctx.request().uri()));
    }

    private void check(RoutingContext ctx) {
        try {
            byte[] body = rawBody(ctx);
            verifier.verify(name -> ctx.request().getHeader(name), body);
            if (primer.isOwn(ctx.request().getHeader(IntakePrimer.HEADER))) {
                // Verified first, like any delivery: the marker only ever makes a delivery do less, never lets one in.
                ctx.put(PRIMING, Boolean.TRUE);
            } else {
                // A verified delivery has arrived: the burst goes on while it waits for a worker thread (or a GC pause
                // holds every request), before AlertIntake counts it in flight. Not before the check: requests that
                // prove nothing must not hold the processing back.
                activity.arrived();
            }
            if (body.length > maxBodyBytes) {
                throw new BadInputException(413, "body", "request body is " + body.length + " bytes, at most "
                        + maxBodyBytes + " are accepted (insights.alerts.max-body-bytes)");
            }
            ctx.put(VERIFIED, Boolean.TRUE);
            ctx.next();
        } catch (BadInputException e) {
            ctx.fail(e);
        }
    }

    /** The body exactly as received (Funqy reads the same buffer after us). */
    static byte[] rawBody(RoutingContext ctx) {
        Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }
}
