package io.dashinsights.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Comparing presented credentials with configured secrets, shared by every check (invoker token, webhook
 * sender, console): one implementation of the constant-time comparison and of the header's scheme parsing.
 */
public final class Credentials {

    private Credentials() {
    }

    /**
     * Compares SHA-256 digests, so neither the content nor the length of the secret shows in the time taken.
     * A null {@code presented} is never equal.
     */
    public static boolean equal(String presented, String secret) {
        return presented != null && MessageDigest.isEqual(sha256(presented), sha256(secret));
    }

    /**
     * The credentials of an {@code Authorization} header in {@code scheme} (compared case-insensitively, RFC 9110),
     * trimmed; null when the header is missing or uses another scheme.
     */
    public static String of(String authorization, String scheme) {
        if (authorization == null) {
            return null;
        }
        String h = authorization.strip();
        if (h.length() <= scheme.length() || !h.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
            return null;
        }
        return h.substring(scheme.length() + 1).strip();
    }

    public static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
