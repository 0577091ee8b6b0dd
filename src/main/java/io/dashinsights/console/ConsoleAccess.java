package io.dashinsights.console;

import io.dashinsights.config.InsightsConfig.Console.Auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * Who may see the console: checks an {@code Authorization} header against the configured basic or bearer
 * credentials. Pure, so each scheme is tested without starting the application.
 */
public final class ConsoleAccess {

    static final String REALM = "dashboard-insights console";

    private final Auth auth;
    private final byte[] expected;

    private ConsoleAccess(Auth auth, byte[] expected) {
        this.auth = auth;
        this.expected = expected;
    }

    /** Fails when the chosen scheme lacks its credentials, so a misconfigured console never starts open. */
    public static ConsoleAccess of(Auth auth, Optional<String> username, Optional<String> password,
                                   Optional<String> token) {
        return switch (auth) {
            case NONE -> new ConsoleAccess(auth, null);
            case BASIC -> {
                String user = require(username, "insights.console.username (INSIGHTS_CONSOLE_USERNAME)");
                if (user.contains(":")) {
                    throw new IllegalStateException("insights.console.username must not contain ':'");
                }
                String pass = require(password, "insights.console.password (INSIGHTS_CONSOLE_PASSWORD)");
                yield new ConsoleAccess(auth, digest("Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + pass).getBytes(StandardCharsets.UTF_8))));
            }
            case BEARER -> new ConsoleAccess(auth, digest("Bearer " + require(token,
                    "insights.console.token (INSIGHTS_CONSOLE_TOKEN)")));
        };
    }

    public boolean open() {
        return auth == Auth.NONE;
    }

    public boolean allows(String authorizationHeader) {
        if (open()) {
            return true;
        }
        // Digests have one length whatever was sent, so the comparison takes the same time for every guess.
        return authorizationHeader != null && MessageDigest.isEqual(expected, digest(normalise(authorizationHeader)));
    }

    /** The {@code WWW-Authenticate} challenge that makes a browser ask for the password (basic). */
    public String challenge() {
        return (auth == Auth.BASIC ? "Basic" : "Bearer") + " realm=\"" + REALM + "\", charset=\"UTF-8\"";
    }

    /** Schemes are case-insensitive (RFC 9110); credentials are not. */
    private static String normalise(String header) {
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0) {
            return h;
        }
        String scheme = h.substring(0, space);
        String rest = h.substring(space + 1).strip();
        return (scheme.equalsIgnoreCase("basic") ? "Basic" : scheme.equalsIgnoreCase("bearer") ? "Bearer" : scheme)
                + " " + rest;
    }

    private static String require(Optional<String> value, String name) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalStateException(
                "insights.console.auth needs " + name));
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
