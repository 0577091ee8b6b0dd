package io.dashinsights.console;

import io.dashinsights.config.InsightsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * CSRF protection for the console's forms without server-side sessions: the browser holds a random
 * session value in a SameSite=Strict, HttpOnly cookie, and each form carries an HMAC of that value and the
 * dashboard. Another site can neither read the token nor make the browser send the cookie with its POST.
 */
@ApplicationScoped
public class FormTokens {

    public static final String COOKIE = "insights-console";
    public static final String FIELD = "token";

    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    FormTokens(InsightsConfig config) {
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

    /** The token that a form for {@code dashboardId} shown to {@code session} carries. */
    public String token(String session, String dashboardId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return B64.encodeToString(mac.doFinal((session + "\n" + dashboardId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public boolean valid(String cookie, String dashboardId, String token) {
        String session = existingSession(cookie);
        return session != null && token != null && MessageDigest.isEqual(
                token(session, dashboardId).getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}
