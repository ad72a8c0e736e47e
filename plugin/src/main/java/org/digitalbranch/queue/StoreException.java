package org.digitalbranch.queue;

import java.sql.SQLException;

/** The database failed (not the request): the web layer answers a generic 500 and logs it once. */
public final class StoreException extends RuntimeException {
  public StoreException(SQLException cause) {
    super("the post store failed: " + cause.getMessage(), cause);
  }
}
