package io.dashinsights.store;

import jakarta.enterprise.context.ApplicationScoped;

/** Nonces of redeemed run-now form tokens: the store makes "single use" hold across instances. */
@ApplicationScoped
public class UsedFormTokenRepository {

    private final Jdbc jdbc;

    UsedFormTokenRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time {@code nonce} is redeemed; false for a replay (also when two race: the key decides). */
    public boolean redeem(String nonce, long now, long forgetBefore) {
        jdbc.update("DELETE FROM used_form_tokens WHERE used_at < ?", forgetBefore);
        try {
            return jdbc.update("INSERT INTO used_form_tokens (nonce, used_at) SELECT ?, ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM used_form_tokens WHERE nonce = ?)", nonce, now, nonce) == 1;
        } catch (StoreException e) {
            if (jdbc.queryOne("SELECT 1 FROM used_form_tokens WHERE nonce = ?", rs -> 1, nonce).isPresent()) {
                return false;
            }
            throw e;
        }
    }
}
