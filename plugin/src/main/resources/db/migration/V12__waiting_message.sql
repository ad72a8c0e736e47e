-- The first customer message of a conversation that waits for an answer (AnswerRule), kept with the
-- status it decides: the inbox shows that message, not the newest one, which under a library post
-- is often another patron's thank-you while the question above it waits. Null when none waits, and
-- for conversations not settled since this column came (the inbox then shows the newest).
ALTER TABLE conversations ADD COLUMN waiting_message_id TEXT;
