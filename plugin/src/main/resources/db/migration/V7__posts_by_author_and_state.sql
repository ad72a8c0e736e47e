-- The queue page shows each author's posts by state: a count per state, and for the finished
-- states (published, rejected, withdrawn) only the most recently changed few, paged. With the
-- author, state and order in one index, both read only the entries they count or show, however
-- many posts an author has written over the years; id breaks ties in updated_at, so the order
-- needs no sort. The old index on author alone is the first column of this one: it goes.
CREATE INDEX posts_by_author_state ON posts (author, state, updated_at, id);
DROP INDEX posts_by_author;
