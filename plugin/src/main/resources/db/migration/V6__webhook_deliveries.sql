-- Signed webhook deliveries already processed, by the SHA-256 of their raw body. Meta's signature
-- carries no timestamp, so a captured delivery stays validly signed forever: replaying an old
-- "edited" change after the customer removed the comment would otherwise bring it back. Rows older than the
-- remembering window are deleted as new deliveries arrive, so the table stays small.
-- Standard SQL for SQLite and PostgreSQL alike; instants are epoch milliseconds (BIGINT, UTC).
CREATE TABLE webhook_deliveries (
    digest      VARCHAR(64) NOT NULL PRIMARY KEY,   -- lowercase hex SHA-256 of the raw body
    received_at BIGINT      NOT NULL
);
CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (received_at);
