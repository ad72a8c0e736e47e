-- Meta's webhook tells of a private message by the person and the account, not by conversation:
-- it is filed into the account's private conversation with that person, looked up by author. Only
-- private messages are indexed, so that the ingest of comments and mentions (nearly every message)
-- pays nothing for it.
CREATE INDEX messages_direct_by_author ON messages (account_id, author_handle, created_at)
    WHERE kind = 'direct_message';
