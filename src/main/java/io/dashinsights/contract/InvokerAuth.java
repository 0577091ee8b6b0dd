package io.dashinsights.contract;

import io.dashinsights.config.InsightsConfig.Invoker.Auth;

import java.util.Optional;

/**
 * Who may invoke a function over HTTP: the one reusable check of the invoker's credentials
 * ({@code Authorization: Bearer <INSIGHTS_INVOKER_TOKEN>}). {@link FunctionGate} applies it to every function
 * path, so any HTTP delivery (scheduler, broker, http invoker, a person with curl) passes the same check.
 * Pure, so each decision is tested without starting the application.
 */
public final class InvokerAuth {

    /** How to set the token; said in the startup refusal and in the 401, since operators meet it there. */
    static final String HOW = "set INSIGHTS_INVOKER_TOKEN (insights.invoker.token) to a long random secret, the same "
            + "value on every function and on whatever invokes them (scheduler, broker, http invoker), which send "
            + "it as 'Authorization: Bearer <token>'";

    private final String token;

    private InvokerAuth(String token) {
        this.token = token;
    }

    /**
     * The check for the configured mode. In production ({@code production}) the token mode without a token
     * refuses to start, naming the setting: open functions must be an explicit {@code insights.invoker.auth=none}.
     * Dev mode and tests without a token stay open (one process, nothing exposed).
     */
    public static InvokerAuth of(Auth mode, Optional<String> token, boolean production) {
        Optional<String> secret = token.filter(t -> !t.isBlank());
        if (mode == Auth.NONE) {
            return new InvokerAuth(null);
        }
        if (secret.isEmpty() && production) {
            throw new IllegalStateException("insights.invoker.auth=token (the default) but no invoker token is set: "
                    + HOW + ". To run the functions open on purpose (cluster-local, behind a NetworkPolicy), set "
                    + "INSIGHTS_INVOKER_AUTH=none.");
        }
        return new InvokerAuth(secret.orElse(null));
    }

    /** Whether every caller is let in (auth=none, or dev/test without a token). */
    public boolean open() {
        return token == null;
    }

    /** Whether the request's {@code Authorization} header carries the invoker token (constant time). */
    public boolean allows(String authorizationHeader) {
        return open() || Credentials.equal(Credentials.of(authorizationHeader, "Bearer"), token);
    }
}
