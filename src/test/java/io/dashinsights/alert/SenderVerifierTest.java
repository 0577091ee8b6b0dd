package io.dashinsights.alert;

import io.dashinsights.contract.BadInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SenderVerifierTest {

    private static final byte[] BODY = "{\"version\":\"4\"}".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_764_000_000_000L;

    private static SenderVerifier.Settings settings(String mode, String tsHeader) {
        return new SenderVerifier.Settings(mode, Optional.of("grafana"), Optional.of("s3cret"), Optional.of("tok-123"),
                Optional.of("hmac-key"), Optional.ofNullable(tsHeader), "X-Grafana-Alerting-Signature",
                Duration.ofMinutes(5));
    }

    private static void verify(SenderVerifier.Settings s, Map<String, String> headers) {
        SenderVerifier.verify(s, headers::get, BODY, NOW);
    }

    private static void assertUnauthorized(SenderVerifier.Settings s, Map<String, String> headers) {
        assertThatThrownBy(() -> verify(s, headers)).isInstanceOfSatisfying(BadInputException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain("s3cret", "tok-123", "hmac-key");
                });
    }

    private static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noneAcceptsAnyone() {
        assertThatCode(() -> verify(settings("none", null), Map.of())).doesNotThrowAnyException();
    }

    @Test
    void basicAcceptsTheConfiguredUserAndRefusesOthers() {
        var s = settings("basic", null);
        assertThatCode(() -> verify(s, Map.of("Authorization", basic("grafana", "s3cret")))).doesNotThrowAnyException();
        assertUnauthorized(s, Map.of("Authorization", basic("grafana", "wrong")));
        assertUnauthorized(s, Map.of("Authorization", basic("other", "s3cret")));
        assertUnauthorized(s, Map.of("Authorization", "Basic not-base64!"));
        assertUnauthorized(s, Map.of());
    }

    @Test
    void bearerAcceptsTheConfiguredTokenAndRefusesOthers() {
        var s = settings("bearer", null);
        assertThatCode(() -> verify(s, Map.of("Authorization", "Bearer tok-123"))).doesNotThrowAnyException();
        assertThatCode(() -> verify(s, Map.of("Authorization", "bearer tok-123"))).doesNotThrowAnyException();
        assertUnauthorized(s, Map.of("Authorization", "Bearer tok-1234"));
        assertUnauthorized(s, Map.of("Authorization", basic("grafana", "s3cret")));
        assertUnauthorized(s, Map.of());
    }

    @Test
    void hmacAcceptsGrafanasSignatureOfTheBodyAndRefusesAnyOther() {
        var s = settings("hmac", null);
        String good = SenderVerifier.sign("hmac-key", BODY);
        assertThatCode(() -> verify(s, Map.of("X-Grafana-Alerting-Signature", good))).doesNotThrowAnyException();
        assertUnauthorized(s, Map.of("X-Grafana-Alerting-Signature", SenderVerifier.sign("other-key", BODY)));
        assertUnauthorized(s, Map.of("X-Grafana-Alerting-Signature", "zz-not-hex"));
        assertUnauthorized(s, Map.of());
    }

    @Test
    void hmacWithTimestampSignsTimestampAndBodyWithinTheReplayWindow() {
        var s = settings("hmac", "X-Grafana-Alerting-Timestamp");
        long ts = NOW / 1000;
        String signed = SenderVerifier.sign("hmac-key", (ts + ":" + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        assertThatCode(() -> verify(s, Map.of("X-Grafana-Alerting-Signature", signed,
                "X-Grafana-Alerting-Timestamp", String.valueOf(ts)))).doesNotThrowAnyException();
        // The body's signature alone, without the timestamp, is not enough.
        assertUnauthorized(s, Map.of("X-Grafana-Alerting-Signature", SenderVerifier.sign("hmac-key", BODY),
                "X-Grafana-Alerting-Timestamp", String.valueOf(ts)));
        long old = ts - 600;
        String oldSigned = SenderVerifier.sign("hmac-key", (old + ":" + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        assertUnauthorized(s, Map.of("X-Grafana-Alerting-Signature", oldSigned,
                "X-Grafana-Alerting-Timestamp", String.valueOf(old)));
        assertUnauthorized(s, Map.of("X-Grafana-Alerting-Signature", signed));
    }

    @Test
    void modeWithoutItsSecretRefusesEveryone() {
        var s = new SenderVerifier.Settings("bearer", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "X-Grafana-Alerting-Signature", Duration.ofMinutes(5));
        assertUnauthorized(s, Map.of("Authorization", "Bearer "));
        assertThat(SenderVerifier.misconfiguration(settings("digest", null))).contains("digest");
    }
}
