package io.dashinsights.console;

import io.dashinsights.config.InsightsConfig;
import io.dashinsights.store.UsedFormTokenRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * CSRF protection for the console's forms: the browser holds a random session value in a SameSite=Strict,
 * HttpOnly cookie, and each form carries a token: issue time and a random nonce, with an HMAC of them, the session
 * and the dashboard. Another site can neither read the token nor make the browser send the cookie with its POST.
 * A token is single-use (its nonce is recorded in the store when redeemed) and expires after {@link #LIFETIME}.
 */
@ApplicationScoped
public class FormTokens {

    public static final String COOKIE = "insights-console";
    public static final String FIELD = "token";

    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** How long a rendered form can be submitted; also how long a redeemed nonce is remembered. */
    static final Duration LIFETIME = Duration.ofHours(12);
    /** 8 bytes of issue time + 16 random bytes, base64url: 32 characters. */
    private static final int HEAD = 32;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final UsedFormTokenRepository used;
    private final Clock clock;

    FormTokens(InsightsConfig config, UsedFormTokenRepository used, Clock clock) {
        this.used = used;
        this.clock = clock;
        byte[] secret = config.console().formKey().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            byte[] b = new byte[32];
            random.nextBytes(b);
            return b;
        });
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The browser's session value if it sent a well-formed one; null means a new one must be set. */
    public String existingSession(String cookie) {
        return cookie != null && SESSION.matcher(cookie).matches() ? cookie : null;
    }

    public String newSession() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return B64.encodeToString(b);
    }

    public NewCookie cookie(String session, boolean secure) {
        return new NewCookie.Builder(COOKIE).value(session).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** A fresh single-use token for a form for {@code dashboardId} shown to {@code session}. */
    public String token(String session, String dashboardId) {
        byte[] head = ByteBuffer.allocate(24).putLong(clock.millis()).put(randomBytes(16)).array();
        String h = B64.encodeToString(head);
        return h + mac(session, dashboardId, h);
    }

    /**
     * Whether the token was issued to this session for this dashboard, is not expired and was not used before;
     * a valid token is used up by this call.
     */
    public boolean redeem(String cookie, String dashboardId, String token) {
        String session = existingSession(cookie);
        if (session == null || token == null || token.length() <= HEAD) {
            return false;
        }
        String head = token.substring(0, HEAD);
        if (!MessageDigest.isEqual(mac(session, dashboardId, head).getBytes(StandardCharsets.UTF_8),
                token.substring(HEAD).getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        long issued = ByteBuffer.wrap(Base64.getUrlDecoder().decode(head)).getLong();
        long now = clock.millis();
        if (issued > now + 60_000 || now - issued > LIFETIME.toMillis()) {
            return false;
        }
        return used.redeem(head, now, now - LIFETIME.toMillis() - 60_000);
    }

    private String mac(String session, String dashboardId, String head) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return B64.encodeToString(mac.doFinal((session + "\n" + dashboardId + "\n" + head)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
