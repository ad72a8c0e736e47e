-- The conversation archive: the primary store the Lucene index is derived from (DESIGN.md §3, §6).
-- Standard SQL for SQLite and PostgreSQL alike: instants are epoch milliseconds (BIGINT, UTC),
-- enums are their wire ids (TEXT), flags are INTEGER 0/1 (setInt works on both drivers).

-- Where each account's ingestion stream stopped; opaque to the store (a since_id, a cursor, a URL).
CREATE TABLE ingestion_cursors (
    account_id    TEXT    NOT NULL,
    stream        TEXT    NOT NULL,    -- e.g. 'notifications', 'comments:<post id>'
    cursor_text   TEXT    NOT NULL,
    updated_at    BIGINT  NOT NULL,
    PRIMARY KEY (account_id, stream)
);

-- A thread: our post or a customer's mention or message, keyed by its root item on the platform.
CREATE TABLE conversations (
    id               TEXT    NOT NULL PRIMARY KEY,
    account_id       TEXT    NOT NULL,
    platform         TEXT    NOT NULL,
    root_platform_id TEXT    NOT NULL,
    kind             TEXT    NOT NULL,  -- kind of the opening item
    status           TEXT    NOT NULL,  -- unanswered | answered | closed
    topic            TEXT,              -- our post's topic when the thread started from one
    our_post_id      TEXT,              -- the queue's post id; no foreign key: ingestion may know
                                        -- the link before the post row is visible to it
    started_at       BIGINT  NOT NULL,
    waiting_since    BIGINT,            -- first customer message not yet answered: the inbox age
    answered_by      TEXT,              -- staff user of the latest answer, when known
    answered_at      BIGINT,
    closed_by        TEXT,
    closed_at        BIGINT,
    UNIQUE (account_id, root_platform_id)
);
CREATE INDEX conversations_inbox ON conversations (status, waiting_since, started_at);

CREATE TABLE messages (
    id                 TEXT    NOT NULL PRIMARY KEY,
    conversation_id    TEXT    NOT NULL REFERENCES conversations (id),
    account_id         TEXT    NOT NULL,
    platform           TEXT    NOT NULL,
    platform_id        TEXT    NOT NULL,
    parent_platform_id TEXT,            -- null for a thread's root
    kind               TEXT    NOT NULL,
    author_handle      TEXT    NOT NULL,
    author_name        TEXT,
    ours               INTEGER NOT NULL,
    staff_user         TEXT,            -- the intranet user who wrote it, when ours and known
    current_version    INTEGER NOT NULL,
    deleted            INTEGER NOT NULL,
    created_at         BIGINT  NOT NULL, -- on the platform
    first_seen_at      BIGINT  NOT NULL, -- by us
    UNIQUE (account_id, platform_id)
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at);

-- Append-only: every text the library saw, and each deletion as a marker (deleted = 1, text null).
CREATE TABLE message_versions (
    message_id    TEXT    NOT NULL REFERENCES messages (id),
    version       INTEGER NOT NULL,
    text          TEXT,
    deleted       INTEGER NOT NULL,
    edited_at     BIGINT,              -- the platform's edit time, when it gives one
    seen_at       BIGINT  NOT NULL,
    raw_json      TEXT,                -- the item as fetched; null for a reply we sent ourselves
    PRIMARY KEY (message_id, version)
);

-- Hiding or deleting a customer's message from the intranet: who, why, and what the platform said.
CREATE TABLE moderation_actions (
    message_id    TEXT    NOT NULL REFERENCES messages (id),
    seq           INTEGER NOT NULL,
    actor         TEXT    NOT NULL,
    action        TEXT    NOT NULL,    -- hide | delete
    reason        TEXT    NOT NULL,
    acted_at      BIGINT  NOT NULL,
    outcome       TEXT    NOT NULL,    -- pending | done | failed: <why>
    settled_at    BIGINT,
    PRIMARY KEY (message_id, seq)
);

-- The change log the Lucene index replays: one row per conversation changed by a transaction.
CREATE TABLE archive_changes (
    sequence         BIGINT  NOT NULL PRIMARY KEY,
    conversation_id  TEXT    NOT NULL,
    changed_at       BIGINT  NOT NULL
);

-- The one counter sequences come from. A transaction increments it before writing its change rows
-- and holds the row's write lock until it commits, so sequences become visible in the order they
-- were allocated, without gaps: a reader that sees sequence n has already been able to see n - 1.
-- (A database SEQUENCE would leave gaps on rollback and can commit out of order.)
CREATE TABLE archive_sequence (
    id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_value    BIGINT  NOT NULL
);
INSERT INTO archive_sequence (id, last_value) VALUES (1, 0);
