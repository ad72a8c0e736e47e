package org.digitalbranch.publish;

import java.util.Arrays;

/** Where one target account of a post stands. */
public enum TargetState {
  /** Waiting for its time, its next retry, or its account (rate limit, reconnect). */
  PENDING("pending"),
  /** A request is on its way; recorded before sending, so a crash here is found at start. */
  PUBLISHING("publishing"),
  PUBLISHED("published"),
  /** Given up; a moderator may retry. */
  FAILED("failed"),
  /** Sent, but the answer was lost: it is looked up on the platform before anything is resent. */
  UNKNOWN("unknown");

  private final String id;

  TargetState(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static TargetState fromId(String id) {
    return Arrays.stream(values())
        .filter(state -> state.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown target state " + id));
  }
}
