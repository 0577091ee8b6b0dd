package io.dashinsights.support;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static io.restassured.RestAssured.given;

/**
 * Sends a webhook the way a Grafana contact point does (grafana/alerting receivers/webhook/v1/webhook.go and
 * http/hmac.go @783ce041): {@code httpMethod} POST or PUT, the signature header {@code X-Grafana-Alerting-Signature}
 * (the default, {@code defaultHeaderName}) = lowercase hex HMAC-SHA256 of the exact body, or of
 * {@code <unix seconds> + ":" + body} with the timestamp set in {@code timestampHeader} when one is configured
 * (there is no default timestamp header).
 */
public final class GrafanaWebhookSender {

    public static final String SIGNATURE_HEADER = "X-Grafana-Alerting-Signature";

    private final String secret;
    private final String timestampHeader;
    private final String method;

    /** @param timestampHeader null for Grafana's default (body only) */
    public GrafanaWebhookSender(String secret, String timestampHeader, String method) {
        this.secret = secret;
        this.timestampHeader = timestampHeader;
        this.method = method;
    }

    public ValidatableResponse send(byte[] body, long unixSeconds) {
        return send(body, unixSeconds, java.util.Map.of());
    }

    /** With headers a proxy (or anything else on the way) adds. */
    public ValidatableResponse send(byte[] body, long unixSeconds, java.util.Map<String, String> extraHeaders) {
        var request = given().contentType(ContentType.JSON).headers(extraHeaders);
        Mac mac = mac();
        if (timestampHeader != null) {
            String ts = Long.toString(unixSeconds);
            request.header(timestampHeader, ts);
            mac.update(ts.getBytes(StandardCharsets.UTF_8));
            mac.update(":".getBytes(StandardCharsets.UTF_8));
        }
        mac.update(body);
        request.header(SIGNATURE_HEADER, HexFormat.of().formatHex(mac.doFinal())).body(body);
        return ("PUT".equals(method) ? request.put("/on-webhook-error-alert") : request.post("/on-webhook-error-alert"))
                .then();
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
