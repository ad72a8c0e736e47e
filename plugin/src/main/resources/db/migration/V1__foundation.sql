-- Runtime switches that staff flip while the plugin runs (for example "pause all publishing"),
-- kept with who changed them and when, because the library's social media is a public record.
-- Timestamps are UTC instants as ISO-8601 text ("2026-12-01T15:00:00Z"): portable between SQLite
-- and PostgreSQL, sortable, and readable in an export.
CREATE TABLE settings_state (
    name       VARCHAR(100)  NOT NULL PRIMARY KEY,
    value      VARCHAR(1000) NOT NULL,
    changed_by VARCHAR(100)  NOT NULL,
    changed_at VARCHAR(40)   NOT NULL
);
