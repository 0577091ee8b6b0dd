-- #17: saving a link first drops older keys of the same Grafana annotation (WHERE annotation_id = ?), and marking an
-- annotation gone finds its links the same way. Without an index both scanned every link ever written (one per
-- finding, never deleted), on every push: the largest store cost per dashboard in the scheduler benchmark's profile.
CREATE INDEX annotation_links_annotation ON annotation_links (annotation_id);
