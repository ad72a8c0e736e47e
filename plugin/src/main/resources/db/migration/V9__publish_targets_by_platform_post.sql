-- The archive links a conversation to the queue's post it started from by the post's id on the
-- platform: each ingested batch looks up the roots of the conversations it touched, and a start
-- looks up every published target. Without this index each look-up would read all of an account's
-- targets.
CREATE INDEX publish_targets_by_platform_post ON publish_targets (account_id, platform_post_id);
