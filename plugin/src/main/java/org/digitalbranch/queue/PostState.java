package org.digitalbranch.queue;

import java.util.Arrays;

/**
 * Where a post is in moderation and publishing. Each target account's own outcome lives with the
 * publisher ({@code org.digitalbranch.publish}); the post is {@code published} once every account
 * has it. No moderation action applies once publishing has begun, so {@link Workflow} has no rows
 * for the two publishing states.
 */
public enum PostState {
  DRAFT("draft"),
  SUBMITTED("submitted"),
  CHANGES_REQUESTED("changes_requested"),
  APPROVED("approved"),
  REJECTED("rejected"),
  WITHDRAWN("withdrawn"),
  /** Its publish time passed while it waited; it needs a new decision and is never sent late. */
  HELD("held"),
  /** The publisher has begun sending it; each target account has its own outcome. */
  PUBLISHING("publishing"),
  /** Live on every target account. */
  PUBLISHED("published");

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

  /**
   * Where a post stays for good: no action or edit leads out of these states, so an author's list
   * of them only grows, and its {@code updatedAt} is the time it got there.
   */
  public boolean finished() {
    return this == PUBLISHED || this == REJECTED || this == WITHDRAWN;
  }

  /** Waiting for a moderator: what the queue shows and the navigation badge counts. */
  public boolean awaitsDecision() {
    return this == SUBMITTED || this == HELD;
  }
}
