-- Publishing: each target account's outcome, and each account's health. Standard SQL for SQLite
-- and PostgreSQL alike: instants are epoch milliseconds (BIGINT, UTC), enums their wire ids (TEXT).

-- One row per (post, target account), created when the publisher takes the post up. Kept apart
-- from post_targets, which the queue rewrites on every edit: an outcome must never be lost.
CREATE TABLE publish_targets (
    post_id           TEXT    NOT NULL REFERENCES posts (id),
    account_id        TEXT    NOT NULL,
    ordinal           INTEGER NOT NULL,
    state             TEXT    NOT NULL,   -- pending | publishing | published | failed | unknown
    attempts          INTEGER NOT NULL,   -- requests sent, shown on the post page
    failures          INTEGER NOT NULL,   -- failures in a row since the last reset: drives backoff
    next_attempt_at   BIGINT,             -- null: not scheduled (failed, or a moderator must act)
    first_attempt_at  BIGINT,             -- the lookup for a lost answer starts just before this
    last_attempt_at   BIGINT,
    retry_safe        INTEGER NOT NULL,   -- 1: the platform deduplicates a resend with the key
    last_error        TEXT,               -- in words a librarian understands
    platform_post_id  TEXT,
    url               TEXT,
    idempotency_key   TEXT    NOT NULL,   -- created once, the same for every attempt
    published_at      BIGINT,
    updated_at        BIGINT  NOT NULL,
    PRIMARY KEY (post_id, account_id)
);
CREATE INDEX publish_targets_due ON publish_targets (state, next_attempt_at);
CREATE INDEX publish_targets_by_account ON publish_targets (account_id, state);

-- One row per configured account, created the first time something happens to it.
CREATE TABLE publish_accounts (
    account_id          TEXT    NOT NULL PRIMARY KEY,
    state               TEXT    NOT NULL, -- ok | rate_limited | needs_reconnect
    rate_limited_until  BIGINT,
    reason              TEXT,             -- the platform's reason for the state
    last_success_at     BIGINT,
    last_failure_at     BIGINT,
    last_failure        TEXT,
    token_expires_at    BIGINT,
    -- Renewed credentials (X rotates its refresh token), as JSON: a secret, never logged or shown.
    credentials         TEXT,
    -- A digest of the configured credentials the renewed ones replaced; when the configuration
    -- changes, the renewed ones are stale and ignored.
    configured_digest   TEXT,
    updated_at          BIGINT  NOT NULL
);
