package org.digitalbranch.platform;

import java.util.Objects;

/**
 * A staff member's answer to one message on the platform.
 *
 * @param idempotencyKey stable per reply across retries (Mastodon's {@code Idempotency-Key})
 * @param inReplyTo the platform id of the message answered: a comment id, a status id, an {@code
 *     at://} URI, a post id
 * @param text the answer
 * @param credentials the account that answers
 * @param direct the message answered was a direct message, so the answer must stay as private
 * @param addressee the handle of the person answered, for platforms where a private answer reaches
 *     only the people it names (Mastodon); null when unknown
 * @param resent an earlier try of this reply may have gone out with its answer lost: a platform
 *     that refuses the text as a duplicate may be answering it. False otherwise, when a duplicate
 *     is another reply of the account's, which must not be recorded as this one.
 * @param triedFrom when the first try of this reply was made (null: unknown), so that a lookup
 *     through a whole chat does not take an earlier message of the same words for it
 */
public record ReplyRequest(
    String idempotencyKey,
    String inReplyTo,
    String text,
    Credentials credentials,
    boolean direct,
    String addressee,
    boolean resent,
    java.time.Instant triedFrom) {

  public ReplyRequest(
      String idempotencyKey,
      String inReplyTo,
      String text,
      Credentials credentials,
      boolean direct,
      String addressee,
      boolean resent) {
    this(idempotencyKey, inReplyTo, text, credentials, direct, addressee, resent, null);
  }

  /** A public answer. */
  public ReplyRequest(
      String idempotencyKey, String inReplyTo, String text, Credentials credentials) {
    this(idempotencyKey, inReplyTo, text, credentials, false, null);
  }

  /** A first try. */
  public ReplyRequest(
      String idempotencyKey,
      String inReplyTo,
      String text,
      Credentials credentials,
      boolean direct,
      String addressee) {
    this(idempotencyKey, inReplyTo, text, credentials, direct, addressee, false);
  }

  /** The same reply, tried again after an answer was lost. */
  public ReplyRequest resending() {
    return new ReplyRequest(
        idempotencyKey, inReplyTo, text, credentials, direct, addressee, true, triedFrom);
  }

  /**
   * How far the platform's clock and ours may disagree when a lost answer is looked for. An
   * identical message the account sent in that margin from elsewhere (the platform's own inbox)
   * would be taken for this try; two people typing the same words to one patron within two minutes
   * is the narrow case.
   */
  public static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(2);

  /**
   * Whether a message of the account's written at {@code at} can be this reply: written since the
   * first try began, give or take the two clocks. A chat repeats "Thank you!" from day to day, and
   * an earlier message of the same words is not this try. True when the try's start is unknown;
   * false when the message's time is.
   */
  public boolean couldBeThisTry(java.util.Optional<java.time.Instant> at) {
    if (triedFrom == null) {
      return true;
    }
    return at.map(written -> !written.isBefore(triedFrom.minus(CLOCK_SKEW))).orElse(false);
  }

  /** The same reply, first tried at {@code at}. */
  public ReplyRequest triedFrom(java.time.Instant at) {
    return new ReplyRequest(
        idempotencyKey, inReplyTo, text, credentials, direct, addressee, resent, at);
  }

  public ReplyRequest {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new IllegalArgumentException("idempotencyKey: must not be blank");
    }
    if (inReplyTo == null || inReplyTo.isBlank()) {
      throw new IllegalArgumentException("inReplyTo: must not be blank");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text: must not be blank");
    }
    Objects.requireNonNull(credentials, "credentials");
  }
}
