-- Which rule the stored conversation statuses were derived by. The first rule took any later reply
-- of ours as answering a whole thread, so one answer under a post with four patrons' questions
-- marked all four answered; the second answers what a reply replies to (AnswerRule). At start the
-- plugin settles again, once, every open conversation stored under an older rule.
CREATE TABLE archive_answer_rule (
    one   INTEGER NOT NULL PRIMARY KEY CHECK (one = 1),
    rule  INTEGER NOT NULL
);
INSERT INTO archive_answer_rule (one, rule) VALUES (1, 1);
