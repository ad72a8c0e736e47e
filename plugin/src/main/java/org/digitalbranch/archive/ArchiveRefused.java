package org.digitalbranch.archive;

/**
 * The archive refused a request: the HTTP status the web layer answers, the field at fault when
 * there is one, and a message a person can act on.
 */
public final class ArchiveRefused extends RuntimeException {
  private final int status;
  private final String field;

  private ArchiveRefused(int status, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  static ArchiveRefused invalid(String field, String reason) {
    return new ArchiveRefused(400, field, field + ": " + reason);
  }

  static ArchiveRefused notFound(String what, String id) {
    return new ArchiveRefused(404, null, "no " + what + " with id " + id);
  }

  static ArchiveRefused forbidden(String reason) {
    return new ArchiveRefused(403, null, reason);
  }

  static ArchiveRefused conflict(String reason) {
    return new ArchiveRefused(409, null, reason);
  }

  public int status() {
    return status;
  }

  /** The request field at fault, or null. */
  public String field() {
    return field;
  }
}
