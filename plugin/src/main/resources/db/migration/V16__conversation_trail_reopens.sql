-- V15 started each trail with the closes still on record, but a conversation a patron's new message
-- had reopened kept its close on record too (the close still covers what it held), so its trail
-- ended "closed" while it was open. The reopen it missed is added here, at the arrival of the first
-- message after the close, for every open conversation whose trail's last step is a close.
INSERT INTO conversation_actions (conversation_id, seq, action, actor, message_id, acted_at)
SELECT c.id,
       (SELECT MAX(a.seq) FROM conversation_actions a WHERE a.conversation_id = c.id) + 1,
       'reopen', CAST(NULL AS TEXT), CAST(NULL AS TEXT),
       (SELECT MIN(m.first_seen_at) FROM messages m
         WHERE m.conversation_id = c.id AND m.first_seen_at > c.closed_at)
  FROM conversations c
 WHERE c.status <> 'closed'
   AND c.closed_at IS NOT NULL
   AND EXISTS (SELECT 1 FROM messages m
                WHERE m.conversation_id = c.id AND m.first_seen_at > c.closed_at)
   AND (SELECT a.action FROM conversation_actions a WHERE a.conversation_id = c.id
         ORDER BY a.seq DESC LIMIT 1) = 'close';
