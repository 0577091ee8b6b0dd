-- Top-level alert_routes of the imported config (issue #12): one row holding the file's list as a JSON array,
-- in order (first match wins), so an import replaces it with a single statement. Portable across H2 and PostgreSQL.
CREATE TABLE alert_routes (
    id     INTEGER PRIMARY KEY,
    routes TEXT    NOT NULL
);
