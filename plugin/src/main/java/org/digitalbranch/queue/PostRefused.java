package org.digitalbranch.queue;

import java.util.Objects;

/** Thrown by the queue when it refuses a request; carries the typed reason. */
public final class PostRefused extends RuntimeException {
  private final transient Refusal refusal;

  public PostRefused(Refusal refusal) {
    super(refusal.message(), null, false, false);
    this.refusal = Objects.requireNonNull(refusal);
  }

  public Refusal refusal() {
    return refusal;
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
