-- #15: alert annotations that went out with the template because the model failed are explained again later,
-- a bounded number of times; the annotation is PATCHed with the model's text.
ALTER TABLE alert_states ADD COLUMN explain_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE alert_states ADD COLUMN explain_next_at BIGINT;
