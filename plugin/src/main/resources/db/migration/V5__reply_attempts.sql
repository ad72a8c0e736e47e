-- Replies sent from the intranet, one row per reply a staff member asked for, written BEFORE the
-- platform is called: its idempotency key makes a retry after a lost answer safe (Mastodon), and a
-- row left 'sending' or 'unknown' tells an operator that a reply may be live without a record.
-- Standard SQL for SQLite and PostgreSQL alike; instants are epoch milliseconds (BIGINT, UTC).
CREATE TABLE reply_attempts (
    idempotency_key TEXT    NOT NULL PRIMARY KEY,
    conversation_id TEXT    NOT NULL REFERENCES conversations (id),
    account_id      TEXT    NOT NULL,
    in_reply_to     TEXT    NOT NULL,   -- the platform id answered
    staff_user      TEXT    NOT NULL,
    reply_text      TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    tries           INTEGER NOT NULL,   -- calls made to the platform so far
    outcome         TEXT    NOT NULL,   -- sending | sent | failed | unknown
    platform_id     TEXT,               -- the reply's id on the platform once sent
    reason          TEXT,               -- why it failed or stayed unknown, for the librarian
    settled_at      BIGINT
);
CREATE INDEX reply_attempts_by_conversation ON reply_attempts (conversation_id, created_at);
