-- A customer message a colleague judged to need no answer (a thank-you, patrons talking to each
-- other): it stops waiting, with who said so and when. Deleting the row is "it needs an answer
-- after all". IF NOT EXISTS: for a while this table was created by an edited V11, which stores
-- made then already hold.
CREATE TABLE IF NOT EXISTS answers_not_needed (
    message_id  TEXT    NOT NULL PRIMARY KEY REFERENCES messages (id),
    actor       TEXT    NOT NULL,
    marked_at   BIGINT  NOT NULL
);

-- What a close covers now counts as dealt with (AnswerRule), and a reopen by hand undoes the close.
-- Before, a reopen by hand kept closed_at: such a conversation (open, closed once, and nothing
-- arrived after the close, which a reopen by a new message always has) is cleared here, so its
-- messages wait again as its colleague meant when reopening it.
UPDATE conversations SET closed_at = NULL, closed_by = NULL
 WHERE status <> 'closed'
   AND closed_at IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM messages m
                    WHERE m.conversation_id = conversations.id
                      AND m.first_seen_at > conversations.closed_at);
