package io.dashinsights.alert;

import io.dashinsights.config.InsightsConfig;
import io.dashinsights.config.InsightsConfig.Alerts.Auth;
import io.dashinsights.contract.BadInputException;
import io.dashinsights.contract.Credentials;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks that a webhook delivery comes from our Grafana or Alertmanager: basic auth, a bearer token, or
 * Grafana's HMAC-SHA256 of the body as sent ({@code X-Grafana-Alerting-Signature}, optionally over
 * {@code "<unix-seconds>:" + body} with a timestamp header and a replay window). Every comparison is
 * constant-time; secrets come from configuration only and never appear in a message or a log line.
 */
@ApplicationScoped
public class SenderVerifier {

    private static final Logger LOG = Logger.getLogger(SenderVerifier.class);

    /** The verification settings, separate from the config mapping so every mode is unit-testable. */
    public record Settings(Auth mode, Optional<String> username, Optional<String> password, Optional<String> token,
                           Optional<String> hmacSecret, Optional<String> hmacTimestampHeader,
                           String hmacSignatureHeader, Duration replayWindow) {

        static Settings of(InsightsConfig.Alerts c) {
            return new Settings(c.auth(), c.username(), c.password(), c.token(), c.hmacSecret(),
                    c.hmacTimestampHeader().filter(h -> !h.isBlank()), c.hmacSignatureHeader(), c.replayWindow());
        }
    }

    private final Settings settings;
    private final Clock clock;

    SenderVerifier(InsightsConfig config, Clock clock) {
        this.settings = Settings.of(config.alerts());
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        String problem = misconfiguration(settings);
        if (problem != null) {
            LOG.warnf("on-webhook-error-alert refuses every delivery: %s", problem);
        } else if (settings.mode() == Auth.NONE) {
            LOG.warn("on-webhook-error-alert accepts unauthenticated deliveries (insights.alerts.auth=none): dev only");
        } else if (settings.mode() == Auth.HMAC) {
            // The JDK sets up its crypto providers (JCE policy files, provider list) on the first Mac.getInstance:
            // 25-50 ms on a fresh JVM, which the first delivery otherwise paid on an event loop while the deliveries
            // behind it waited. Done here on a background thread, so startup does not wait for it either.
            Thread.ofVirtual().name("hmac-init").start(() -> hmacSha256(settings.hmacSecret().orElseThrow(), new byte[0]));
        }
    }

    /** Throws 401 (nothing else happens) unless the request carries valid credentials for the configured mode. */
    public void verify(Function<String, String> header, byte[] body) {
        verify(settings, header, body, clock.millis());
    }

    static void verify(Settings s, Function<String, String> header, byte[] body, long nowMillis) {
        String problem = misconfiguration(s);
        if (problem != null) {
            throw unauthorized("authorization", "this endpoint's sender verification is not configured: " + problem);
        }
        switch (s.mode()) {
            case NONE -> {
            }
            case BASIC -> {
                String credentials = scheme(header.apply("Authorization"), "Basic");
                String decoded;
                try {
                    decoded = credentials == null ? null
                            : new String(Base64.getDecoder().decode(credentials.trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    decoded = null;
                }
                int colon = decoded == null ? -1 : decoded.indexOf(':');
                // Both halves are always compared, so the time taken does not reveal which one was wrong.
                boolean userOk = Credentials.equal(colon < 0 ? "" : decoded.substring(0, colon), s.username().orElseThrow());
                boolean passOk = Credentials.equal(colon < 0 ? "" : decoded.substring(colon + 1), s.password().orElseThrow());
                if (!(userOk & passOk)) {
                    throw unauthorized("authorization", "basic credentials missing or wrong");
                }
            }
            case BEARER -> {
                String token = scheme(header.apply("Authorization"), "Bearer");
                if (!Credentials.equal(token == null ? "" : token.trim(), s.token().orElseThrow())) {
                    throw unauthorized("authorization", "bearer token missing or wrong");
                }
            }
            case HMAC -> verifyHmac(s, header, body, nowMillis);
        }
    }

    private static void verifyHmac(Settings s, Function<String, String> header, byte[] body, long nowMillis) {
        String signatureHeader = s.hmacSignatureHeader();
        String signature = header.apply(signatureHeader);
        if (signature == null || signature.isBlank()) {
            throw unauthorized(signatureHeader, "header " + signatureHeader + " is missing");
        }
        byte[] signed = body;
        if (s.hmacTimestampHeader().isPresent()) {
            String tsHeader = s.hmacTimestampHeader().get();
            String ts = header.apply(tsHeader);
            long seconds;
            try {
                seconds = Long.parseLong(ts == null ? "" : ts.trim());
            } catch (NumberFormatException e) {
                throw unauthorized(tsHeader, "header " + tsHeader + " must carry the unix time in seconds");
            }
            if (Math.abs(nowMillis - seconds * 1000) > s.replayWindow().toMillis()) {
                throw unauthorized(tsHeader, "header " + tsHeader + " is outside the replay window of "
                        + s.replayWindow().toSeconds() + " s");
            }
            signed = timestamped(ts.trim(), body);
        }
        byte[] expected = hmacSha256(s.hmacSecret().orElseThrow(), signed);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.trim().toLowerCase());
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw unauthorized(signatureHeader, "header " + signatureHeader + " does not match the body");
        }
    }

    /** Whether any delivery can pass: false when the configured mode lacks its secret (every delivery gets 401). */
    boolean configured() {
        return misconfiguration(settings) == null;
    }

    /**
     * The headers a sender configured like this instance sends with {@code body}: what {@link IntakePrimer} needs to
     * pass {@link #verify} with its own deliveries. Empty when no credentials are needed or none are configured.
     */
    Map<String, String> credentials(byte[] body) {
        return credentials(settings, body, clock.millis());
    }

    static Map<String, String> credentials(Settings s, byte[] body, long nowMillis) {
        if (misconfiguration(s) != null) {
            return Map.of();
        }
        return switch (s.mode()) {
            case NONE -> Map.of();
            case BASIC -> Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (s.username().orElseThrow() + ":" + s.password().orElseThrow()).getBytes(StandardCharsets.UTF_8)));
            case BEARER -> Map.of("Authorization", "Bearer " + s.token().orElseThrow());
            case HMAC -> {
                String secret = s.hmacSecret().orElseThrow();
                if (s.hmacTimestampHeader().isEmpty()) {
                    yield Map.of(s.hmacSignatureHeader(), sign(secret, body));
                }
                String ts = Long.toString(nowMillis / 1000);
                yield Map.of(s.hmacSignatureHeader(), sign(secret, timestamped(ts, body)), s.hmacTimestampHeader().get(), ts);
            }
        };
    }

    /** What Grafana signs when a timestamp header is configured: {@code "<unix-seconds>:" + body}. */
    private static byte[] timestamped(String seconds, byte[] body) {
        byte[] prefix = (seconds + ":").getBytes(StandardCharsets.UTF_8);
        byte[] signed = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return signed;
    }

    /** Lowercase hex HMAC-SHA256, as Grafana sends it; public for tests and the bench that sign bodies. */
    public static String sign(String secret, byte[] data) {
        return HexFormat.of().formatHex(hmacSha256(secret, data));
    }

    private static byte[] hmacSha256(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why the configured mode cannot work, or null. */
    static String misconfiguration(Settings s) {
        return switch (s.mode()) {
            case NONE -> null;
            case BASIC -> present(s.username()) && present(s.password()) ? null
                    : "insights.alerts.auth=basic needs INSIGHTS_ALERTS_USERNAME and INSIGHTS_ALERTS_PASSWORD";
            case BEARER -> present(s.token()) ? null : "insights.alerts.auth=bearer needs INSIGHTS_ALERTS_TOKEN";
            case HMAC -> present(s.hmacSecret()) ? null : "insights.alerts.auth=hmac needs INSIGHTS_ALERTS_HMAC_SECRET";
        };
    }

    private static boolean present(Optional<String> v) {
        return v.filter(x -> !x.isBlank()).isPresent();
    }

    private static String scheme(String authorization, String scheme) {
        if (authorization == null || authorization.length() <= scheme.length()
                || !authorization.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
            return null;
        }
        return authorization.substring(scheme.length() + 1);
    }

    /** Compares digests, so neither the content nor the length of the secret shows in the time taken. */
    private static BadInputException unauthorized(String field, String message) {
        return new BadInputException(401, field, message);
    }
}
