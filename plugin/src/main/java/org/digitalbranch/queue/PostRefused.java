package org.digitalbranch.queue;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by the queue when it refuses a request; carries the typed reason. A draft's content is
 * checked whole: {@link #refusal} is then its first problem and {@link #more} the others, so a form
 * can list every one at once rather than one per try.
 */
public final class PostRefused extends RuntimeException {
  private final transient Refusal refusal;
  private final transient List<Refusal.Invalid> more;

  public PostRefused(Refusal refusal) {
    this(refusal, List.of());
  }

  private PostRefused(Refusal refusal, List<Refusal.Invalid> more) {
    super(message(refusal, more), null, false, false);
    this.refusal = Objects.requireNonNull(refusal);
    this.more = List.copyOf(more);
  }

  public Refusal refusal() {
    return refusal;
  }

  /** The content's other problems, after the first; empty for most refusals. */
  public List<Refusal.Invalid> more() {
    return more;
  }

  private static String message(Refusal refusal, List<Refusal.Invalid> more) {
    StringBuilder message = new StringBuilder(refusal.message());
    more.forEach(invalid -> message.append("; ").append(invalid.message()));
    return message.toString();
  }

  /** Every problem found, the first as the refusal. */
  static PostRefused invalid(List<Refusal.Invalid> problems) {
    return new PostRefused(problems.getFirst(), problems.subList(1, problems.size()));
  }

  public int status() {
    return refusal.status();
  }

  static PostRefused invalid(String field, String reason) {
    return new PostRefused(new Refusal.Invalid(field, reason));
  }

  static PostRefused forbidden(String reason) {
    return new PostRefused(new Refusal.Forbidden(reason));
  }
}
