-- Run-now form tokens are single-use: a redeemed token's nonce is kept until the token would have expired anyway,
-- in the store so that every instance behind one address refuses a replay.
CREATE TABLE used_form_tokens (
    nonce   VARCHAR(64) PRIMARY KEY,
    used_at BIGINT      NOT NULL
);
CREATE INDEX used_form_tokens_used_at ON used_form_tokens (used_at);
