-- #15: a push whose explanations are the template's because the model failed makes the dashboard due again
-- early, a bounded number of times in a row; the re-run PATCHes the same annotations with the model's text.
ALTER TABLE dashboards ADD COLUMN explain_attempts INTEGER DEFAULT 0 NOT NULL;
