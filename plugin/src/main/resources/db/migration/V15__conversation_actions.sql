-- A conversation's own trail: who closed it, who reopened it (or that a new message did), who said a
-- customer message needs no answer and who took that back, and when. The conversations and
-- answers_not_needed tables hold only where things stand now (a reopen clears who closed, taking a
-- mark back deletes it); a public record keeps every step. Rows are never changed or deleted.
-- Standard SQL for SQLite and PostgreSQL alike; instants are epoch milliseconds (BIGINT, UTC).
CREATE TABLE conversation_actions (
    conversation_id  TEXT    NOT NULL REFERENCES conversations (id),
    seq              INTEGER NOT NULL,   -- its place in the conversation's trail, from 1
    action           TEXT    NOT NULL,   -- close | reopen | no_answer_needed | answer_needed
    actor            TEXT,               -- the staff user; null when a new message reopened it
    message_id       TEXT    REFERENCES messages (id),  -- the message a mark is about
    acted_at         BIGINT  NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);

-- Where things stood before this table, as the trail's first steps: the closes still on record and
-- the marks still standing. What was undone before cannot be recovered.
INSERT INTO conversation_actions (conversation_id, seq, action, actor, message_id, acted_at)
SELECT conversation_id,
       ROW_NUMBER() OVER (PARTITION BY conversation_id ORDER BY acted_at, action, message_id),
       action, actor, message_id, acted_at
  FROM (SELECT id AS conversation_id, 'close' AS action, closed_by AS actor,
               CAST(NULL AS TEXT) AS message_id, closed_at AS acted_at
          FROM conversations
         WHERE closed_at IS NOT NULL AND closed_by IS NOT NULL
        UNION ALL
        SELECT m.conversation_id, 'no_answer_needed', n.actor, n.message_id, n.marked_at
          FROM answers_not_needed n JOIN messages m ON m.id = n.message_id) earlier;
