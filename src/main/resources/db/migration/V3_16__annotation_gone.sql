-- An annotation we created that someone deleted in Grafana: when (epoch ms), so later pushes of a closed
-- finding neither PATCH it again (Grafana answers 403 for a missing id) nor re-create what a person removed.
ALTER TABLE annotation_links ADD COLUMN gone_at BIGINT;
