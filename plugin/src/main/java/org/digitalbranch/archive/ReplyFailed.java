package org.digitalbranch.archive;

/**
 * A reply or a moderation action the platform did not carry out (refused, down, rate limited past
 * the short wait, or the answer lost and not found). The message is written for the librarian who
 * pressed the button and says what to do; nothing was recorded as sent.
 */
public final class ReplyFailed extends RuntimeException {

  private final boolean unconfirmed;
  private final boolean refusedByPlatform;

  public ReplyFailed(String message) {
    this(message, false, false);
  }

  private ReplyFailed(String message, boolean unconfirmed, boolean refusedByPlatform) {
    super(message, null, false, false);
    this.unconfirmed = unconfirmed;
    this.refusedByPlatform = refusedByPlatform;
  }

  /** The platform's answer was lost and the reply not found: it may have gone out after all. */
  static ReplyFailed unconfirmed(String message) {
    return new ReplyFailed(message, true, false);
  }

  /**
   * The platform answered and refused this reply (a closed window, a person who takes no messages,
   * text it does not take): sending it again unchanged is refused again, unlike a platform that is
   * down or an account to reconnect.
   */
  static ReplyFailed refusedByPlatform(String message) {
    return new ReplyFailed(message, false, true);
  }

  /** Whether the reply may have gone out although nothing confirmed it. */
  public boolean unconfirmed() {
    return unconfirmed;
  }

  /** Whether the platform itself refused the reply ({@link #refusedByPlatform(String)}). */
  public boolean refusedByPlatform() {
    return refusedByPlatform;
  }

  /**
   * Whether the message says itself that nothing went out, or that it may have: the platforms'
   * failures do ("... Your reply was not sent."); a few refusals before any call do not ("The
   * account ... is no longer configured."), and the forms say it for them.
   */
  public boolean saysItsFate() {
    return unconfirmed || getMessage().contains("not sent");
  }

  /**
   * A failure's message as someone other than the reply's author reads it (a moderator holding the
   * reply, the next colleague on the conversation page): "It was not sent", not "Your reply".
   */
  public static String toOthers(String message) {
    return message.replace("Your reply was not sent", "It was not sent");
  }
}
