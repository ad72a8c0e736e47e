-- The names people go by, as the intranet last gave them when they used the plugin: pages say
-- "Morgan Moderator", not the sign-in name "moderator". Records (history, exports, the API) keep
-- the sign-in name, which is stable; this table only dresses it for reading.
CREATE TABLE people (
    user_name     TEXT   NOT NULL PRIMARY KEY,
    display_name  TEXT   NOT NULL,
    seen_at       BIGINT NOT NULL
);
