-- Which store this is: a random id, written once by the archive the first time its index asks
-- (one row). The search index records it with every commit, so that an index derived from another
-- store is rebuilt at start rather than trusted: a data folder kept while the settings moved the
-- store to PostgreSQL, a rebuild run from the command line without the settings that name it, a
-- folder copied beside another intranet's database. A backup restored into a new database keeps
-- the id, and rightly: it is the same store, and the sequence numbers decide what to replay.
CREATE TABLE store_identity (
    one        INTEGER     NOT NULL PRIMARY KEY CHECK (one = 1),  -- one row, never a second
    id         VARCHAR(64) NOT NULL,
    created_at VARCHAR(40) NOT NULL
);
