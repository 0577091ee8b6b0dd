-- #15: an alert annotation that went out with the template's text because the model failed is explained again
-- later (explain_next_at set when it went out), a bounded number of times; the annotation is PATCHed in place.
ALTER TABLE alert_states ADD COLUMN explain_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE alert_states ADD COLUMN explain_next_at BIGINT;
