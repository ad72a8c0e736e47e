package org.digitalbranch.queue;

import java.util.Arrays;

/**
 * Where a post is in moderation. The publishing states ({@code published} and the per-account
 * outcomes) arrive with the publisher; add them here and give them rows in {@link Workflow}.
 */
public enum PostState {
  DRAFT("draft"),
  SUBMITTED("submitted"),
  CHANGES_REQUESTED("changes_requested"),
  APPROVED("approved"),
  REJECTED("rejected"),
  WITHDRAWN("withdrawn"),
  /** Its publish time passed while it waited; it needs a new decision and is never sent late. */
  HELD("held");

  private final String id;

  PostState(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static PostState fromId(String id) {
    return Arrays.stream(values())
        .filter(s -> s.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown post state " + id));
  }

  /** Waiting for a moderator: what the queue shows and the navigation badge counts. */
  public boolean awaitsDecision() {
    return this == SUBMITTED || this == HELD;
  }
}
