package org.digitalbranch.archive;

/**
 * A search a person typed that cannot be answered as written. The message says what to change and
 * names the field; the web layer shows it with a 400. Checked, so no caller can forget it.
 */
public final class InvalidQuery extends Exception {

  public InvalidQuery(String message) {
    super(message);
  }
}
