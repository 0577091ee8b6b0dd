-- Issue #12: alert_states keeps its lists (targets, annotation_ids, tags) as JSON arrays instead of comma-joined
-- text, so a value holding a comma (an alert name in a tag) is never split. Converts the rows written before.
-- Version 4_x: above every applied 3_x, so databases already at V3_16 take it (Flyway refuses an older version
-- added later); the minor is the issue number, as for 3_x. Portable across H2 and PostgreSQL (|| and REPLACE).
-- Backslashes and double quotes are escaped first; the old values held no control characters (targets are
-- "uid" or "uid/panel", ids are numbers, tags went through the alert worker's tag rules).
UPDATE alert_states SET targets = NULL WHERE targets = '';
UPDATE alert_states SET targets = '["' || REPLACE(REPLACE(REPLACE(targets, '\', '\\'), '"', '\"'), ',', '","') || '"]'
    WHERE targets IS NOT NULL AND targets NOT LIKE '[%';
UPDATE alert_states SET annotation_ids = NULL WHERE annotation_ids = '';
UPDATE alert_states SET annotation_ids = '[' || annotation_ids || ']'
    WHERE annotation_ids IS NOT NULL AND annotation_ids NOT LIKE '[%';
UPDATE alert_states SET tags = NULL WHERE tags = '';
UPDATE alert_states SET tags = '["' || REPLACE(REPLACE(REPLACE(tags, '\', '\\'), '"', '\"'), ',', '","') || '"]'
    WHERE tags IS NOT NULL AND tags NOT LIKE '[%';
