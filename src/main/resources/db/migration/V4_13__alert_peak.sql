-- Issue #13: the peak error ratio last pushed for an open alert region (and when it was reached), so a later
-- firing notification updates the annotation only when the peak it shows has changed.
ALTER TABLE alert_states ADD COLUMN peak_rate DOUBLE PRECISION;
ALTER TABLE alert_states ADD COLUMN peak_at BIGINT;
