-- Replies held for a moderator's review (DESIGN.md §1: a setting can require review of replies for
-- chosen staff, for example a pilot team). A held reply goes out only when a moderator other than
-- its author approves it, through the same path as any reply from the intranet (reply_attempts,
-- the double-send check). Sent back, it stays with the moderator's note; withdrawn, it stays too.
-- Rows are never deleted: who wrote what, and who let it out, is part of the record.
-- Standard SQL for SQLite and PostgreSQL alike; instants are epoch milliseconds (BIGINT, UTC).
CREATE TABLE reply_reviews (
    id              TEXT    NOT NULL PRIMARY KEY,
    conversation_id TEXT    NOT NULL REFERENCES conversations (id),
    in_reply_to     TEXT,               -- the archive id of the message answered; null: the default
    staff_user      TEXT    NOT NULL,   -- who wrote it, and whose answer it is once sent
    reply_text      TEXT    NOT NULL,
    written_at      BIGINT  NOT NULL,
    shown_at        BIGINT,             -- when the author's page was made: the double-send check
    state           TEXT    NOT NULL,   -- waiting | sending | sent | returned | withdrawn
    decided_by      TEXT,               -- the moderator who approved or sent it back
    decided_at      BIGINT,
    note            TEXT,               -- the moderator's note when sent back
    message_id      TEXT,               -- the archive's message once sent
    problem         TEXT                -- why the last approval did not send it
);
CREATE INDEX reply_reviews_by_state ON reply_reviews (state, written_at);
CREATE INDEX reply_reviews_by_conversation ON reply_reviews (conversation_id, written_at);
