package io.dashinsights.console;

import io.dashinsights.config.InsightsConfig.Console.Auth;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's credential check, scheme by scheme, without starting the application. */
class ConsoleAccessTest {

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noneLetsEveryoneIn() {
        ConsoleAccess access = ConsoleAccess.of(Auth.NONE, Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(access.allows(null)).isTrue();
    }

    @Test
    void basicAcceptsOnlyTheConfiguredUserAndPassword() {
        ConsoleAccess access = ConsoleAccess.of(Auth.BASIC, Optional.of("ops"), Optional.of("s3cret"), Optional.empty());

        assertThat(access.allows(basic("ops", "s3cret"))).isTrue();
        assertThat(access.allows(basic("ops", "s3cret").replace("Basic", "basic"))).as("scheme case-insensitive")
                .isTrue();
        assertThat(access.allows(basic("ops", "wrong"))).isFalse();
        assertThat(access.allows(basic("other", "s3cret"))).isFalse();
        assertThat(access.allows("Bearer s3cret")).isFalse();
        assertThat(access.allows(null)).isFalse();
        assertThat(access.challenge()).startsWith("Basic realm=");
    }

    @Test
    void bearerAcceptsOnlyTheConfiguredToken() {
        ConsoleAccess access = ConsoleAccess.of(Auth.BEARER, Optional.empty(), Optional.empty(), Optional.of("tok-1"));

        assertThat(access.allows("Bearer tok-1")).isTrue();
        assertThat(access.allows("Bearer tok-2")).isFalse();
        assertThat(access.allows("Bearer tok-1x")).isFalse();
        assertThat(access.allows(basic("tok-1", ""))).isFalse();
        assertThat(access.challenge()).startsWith("Bearer realm=");
    }

    @Test
    void schemeWithoutItsCredentialsRefusesToStart() {
        assertThatThrownBy(() -> ConsoleAccess.of(Auth.BASIC, Optional.of("ops"), Optional.empty(), Optional.empty()))
                .hasMessageContaining("INSIGHTS_CONSOLE_PASSWORD");
        assertThatThrownBy(() -> ConsoleAccess.of(Auth.BEARER, Optional.empty(), Optional.empty(), Optional.of(" ")))
                .hasMessageContaining("INSIGHTS_CONSOLE_TOKEN");
    }
}
