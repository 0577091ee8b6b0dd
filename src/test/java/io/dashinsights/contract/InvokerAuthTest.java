package io.dashinsights.contract;

import io.dashinsights.config.InsightsConfig;
import io.dashinsights.config.InsightsConfig.Invoker.Auth;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The invoker check's decisions, in every mode and launch mode. */
class InvokerAuthTest {

    @Test
    void productionWithoutATokenRefusesToStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> InvokerAuth.of(Auth.TOKEN, Optional.empty(), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("INSIGHTS_INVOKER_TOKEN")
                .hasMessageContaining("Authorization: Bearer")
                .hasMessageContaining("INSIGHTS_INVOKER_AUTH=none");
        assertThatThrownBy(() -> InvokerAuth.of(Auth.TOKEN, Optional.of("  "), true))
                .hasMessageContaining("INSIGHTS_INVOKER_TOKEN");
    }

    @Test
    void oidcWithoutEverySettingRefusesToStartNamingWhatIsMissing() {
        InsightsConfig.Invoker.Oidc onlyIssuer = new InsightsConfig.Invoker.Oidc() {
            public Optional<String> issuer() { return Optional.of("https://kubernetes.default.svc.cluster.local"); }
            public Optional<String> jwksUrl() { return Optional.of("https://kubernetes.default.svc/openid/v1/jwks"); }
            public Optional<String> audience() { return Optional.of(" "); }
            public Optional<List<String>> subjects() { return Optional.empty(); }
        };
        assertThatThrownBy(() -> OidcVerifier.of(onlyIssuer)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("INSIGHTS_INVOKER_OIDC_AUDIENCE").hasMessageContaining("INSIGHTS_INVOKER_OIDC_SUBJECTS")
                .hasMessageNotContaining("INSIGHTS_INVOKER_OIDC_ISSUER").hasMessageNotContaining("JWKS_URL");
    }

    @Test
    void runningOpenIsAnExplicitChoice() {
        assertThat(InvokerAuth.of(Auth.NONE, Optional.empty(), true).allows(null)).isTrue();
    }

    @Test
    void devAndTestsWithoutATokenStayOpen() {
        assertThat(InvokerAuth.of(Auth.TOKEN, Optional.empty(), false).allows(null)).isTrue();
    }

    @Test
    void aConfiguredTokenIsRequiredExactlyInEveryLaunchMode() {
        for (boolean production : new boolean[] {true, false}) {
            InvokerAuth auth = InvokerAuth.of(Auth.TOKEN, Optional.of("s3cret-token"), production);
            assertThat(auth.open()).isFalse();
            assertThat(auth.allows("Bearer s3cret-token")).isTrue();
            assertThat(auth.allows("bearer  s3cret-token ")).as("scheme is case-insensitive").isTrue();
            assertThat(auth.allows(null)).isFalse();
            assertThat(auth.allows("")).isFalse();
            assertThat(auth.allows("Bearer")).isFalse();
            assertThat(auth.allows("Bearer s3cret-toke")).isFalse();
            assertThat(auth.allows("Bearer s3cret-token-and-more")).isFalse();
            assertThat(auth.allows("Basic s3cret-token")).isFalse();
            assertThat(auth.allows("s3cret-token")).isFalse();
        }
    }

    @Test
    void aPerFunctionDeploymentServesOnlyItsFunctionAndATypoRefusesToStart() {
        assertThat(FunctionGate.served(Optional.empty())).containsExactlyInAnyOrderElementsOf(Functions.ALL);
        assertThat(FunctionGate.served(Optional.of(java.util.List.of(" on-webhook-error-alert"))))
                .containsExactly(Functions.WEBHOOK_ERROR_ALERT);
        assertThatThrownBy(() -> FunctionGate.served(Optional.of(java.util.List.of("push-grafna"))))
                .hasMessageContaining("insights.invoker.serve").hasMessageContaining("push-grafna");
    }

    @Test
    void functionPathsAreRecognisedInEverySpellingARouterMightAccept() {
        assertThat(Functions.fromPath("/push-grafana")).isEqualTo(Functions.PUSH_GRAFANA);
        assertThat(Functions.fromPath("//PUSH-GRAFANA//")).isEqualTo(Functions.PUSH_GRAFANA);
        assertThat(Functions.fromPath("/api/dashboards")).isNull();
        assertThat(Functions.fromPath("/push-grafana/x")).isNull();
    }
}
