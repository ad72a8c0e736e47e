package org.digitalbranch.archive;

import java.util.Objects;

/**
 * Where an account's ingestion stream stopped: a {@code since_id}, a Bluesky cursor, a next-page
 * URL. Opaque to the store. Saved in the same transaction as the items fetched up to it, so a crash
 * either keeps both or neither (and refetching is harmless anyway: duplicates change nothing).
 */
public record IngestionCursor(String account, String stream, String value) {
  public IngestionCursor {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(value, "value");
  }
}
