package org.digitalbranch.store;

/** The database failed (disk full, locked too long, a broken statement): not the caller's input. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
