-- Which rule the stored conversation statuses were derived by. The first rule took any later reply
-- of ours as answering a whole thread, so one answer under a post with four patrons' questions
-- marked all four answered; the second answers what a reply replies to (AnswerRule). At start the
-- plugin settles again, once, every open conversation stored under an older rule.
CREATE TABLE archive_answer_rule (
    one   INTEGER NOT NULL PRIMARY KEY CHECK (one = 1),
    rule  INTEGER NOT NULL
);
INSERT INTO archive_answer_rule (one, rule) VALUES (1, 1);

-- A customer message a colleague judged to need no answer (a thank-you, patrons talking to each
-- other): it stops waiting, with who said so and when. Deleting the row is "it needs an answer
-- after all".
CREATE TABLE answers_not_needed (
    message_id  TEXT    NOT NULL PRIMARY KEY REFERENCES messages (id),
    actor       TEXT    NOT NULL,
    marked_at   BIGINT  NOT NULL
);
