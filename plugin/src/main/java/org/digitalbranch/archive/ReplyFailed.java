package org.digitalbranch.archive;

/**
 * A reply or a moderation action the platform did not carry out (refused, down, rate limited past
 * the short wait, or the answer lost and not found). The message is written for the librarian who
 * pressed the button and says what to do; nothing was recorded as sent.
 */
public final class ReplyFailed extends RuntimeException {

  private final boolean unconfirmed;

  public ReplyFailed(String message) {
    this(message, false);
  }

  private ReplyFailed(String message, boolean unconfirmed) {
    super(message, null, false, false);
    this.unconfirmed = unconfirmed;
  }

  /** The platform's answer was lost and the reply not found: it may have gone out after all. */
  static ReplyFailed unconfirmed(String message) {
    return new ReplyFailed(message, true);
  }

  /** Whether the reply may have gone out although nothing confirmed it. */
  public boolean unconfirmed() {
    return unconfirmed;
  }
}
