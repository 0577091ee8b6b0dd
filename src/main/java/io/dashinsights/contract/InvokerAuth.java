package io.dashinsights.contract;

import io.dashinsights.config.InsightsConfig;
import io.dashinsights.config.InsightsConfig.Invoker.Auth;

import java.util.Optional;

/**
 * Who may invoke a function over HTTP: the one reusable check of the invoker's credentials
 * ({@code Authorization: Bearer <INSIGHTS_INVOKER_TOKEN>}, or an OIDC token of the configured issuer with
 * {@code auth=oidc}). {@link FunctionGate} applies it to every function
 * path, so any HTTP delivery (scheduler, broker, http invoker, a person with curl) passes the same check.
 * Pure, so each decision is tested without starting the application.
 */
public final class InvokerAuth {

    /** How to set the token; said in the startup refusal and in the 401, since operators meet it there. */
    static final String HOW = "set INSIGHTS_INVOKER_TOKEN (insights.invoker.token) to a long random secret, the same "
            + "value on every function and on whatever invokes them (scheduler, broker, http invoker), which send "
            + "it as 'Authorization: Bearer <token>'";

    private final String token;
    private final OidcVerifier oidc;

    private InvokerAuth(String token, OidcVerifier oidc) {
        this.token = token;
        this.oidc = oidc;
    }

    /** The check the configuration asks for; {@code auth=oidc} fetches the issuer's keys now. */
    public static InvokerAuth of(InsightsConfig.Invoker config, boolean production) {
        if (config.auth() == Auth.OIDC) {
            return new InvokerAuth(null, OidcVerifier.of(config.oidc()).warm());
        }
        return of(config.auth(), config.token(), production);
    }

    /**
     * The check for the configured mode. In production ({@code production}) the token mode without a token
     * refuses to start, naming the setting: open functions must be an explicit {@code insights.invoker.auth=none}.
     * Dev mode and tests without a token stay open (one process, nothing exposed).
     */
    public static InvokerAuth of(Auth mode, Optional<String> token, boolean production) {
        if (mode == Auth.OIDC) {
            throw new IllegalArgumentException("auth=oidc is built from the whole invoker configuration");
        }
        Optional<String> secret = token.filter(t -> !t.isBlank());
        if (mode == Auth.NONE) {
            return new InvokerAuth(null, null);
        }
        if (secret.isEmpty() && production) {
            throw new IllegalStateException("insights.invoker.auth=token (the default) but no invoker token is set: "
                    + HOW + ". To run the functions open on purpose (cluster-local, behind a NetworkPolicy), set "
                    + "INSIGHTS_INVOKER_AUTH=none; where the platform sends OIDC tokens (Knative sender identity, Cloud "
                    + "Scheduler), INSIGHTS_INVOKER_AUTH=oidc verifies those instead.");
        }
        return new InvokerAuth(secret.orElse(null), null);
    }

    /** Whether every caller is let in (auth=none, or dev/test without a token). */
    public boolean open() {
        return token == null && oidc == null;
    }

    /** What a refused caller must send, for the 401's message (names the setting, never a value). */
    public String needs() {
        return oidc != null ? "an OIDC token of an allowed subject issued for this service's audience ('Authorization: "
                + "Bearer <token>', insights.invoker.auth=oidc)" : "'Authorization: Bearer <INSIGHTS_INVOKER_TOKEN>'";
    }

    /**
     * Whether the request's {@code Authorization} header carries the invoker token (constant time) or, with
     * {@code auth=oidc}, a valid token of an allowed subject.
     */
    public boolean allows(String authorizationHeader) {
        if (oidc != null) {
            return oidc.verify(Credentials.of(authorizationHeader, "Bearer"));
        }
        return open() || Credentials.equal(Credentials.of(authorizationHeader, "Bearer"), token);
    }
}
