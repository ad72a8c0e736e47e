package org.digitalbranch.queue;

/**
 * What a user can do to a post; the ids are the last segment of {@code api/posts/{id}/{action}}.
 */
public enum Action {
  SUBMIT("submit"),
  APPROVE("approve"),
  REJECT("reject"),
  REQUEST_CHANGES("request-changes"),
  WITHDRAW("withdraw"),
  EDIT("edit");

  private final String id;

  Action(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
