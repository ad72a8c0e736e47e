package org.digitalbranch.archive;

/**
 * A reply or a moderation action the platform did not carry out (refused, down, rate limited past
 * the short wait, or the answer lost and not found). The message is written for the librarian who
 * pressed the button and says what to do; nothing was recorded as sent.
 */
public final class ReplyFailed extends RuntimeException {

  public ReplyFailed(String message) {
    super(message, null, false, false);
  }
}
