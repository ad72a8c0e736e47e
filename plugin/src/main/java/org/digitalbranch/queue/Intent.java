package org.digitalbranch.queue;

import java.util.Arrays;

/** Why a post exists: to start a conversation or to promote. The mix rule keeps promotion small. */
public enum Intent {
  ENGAGEMENT("engagement"),
  PROMOTION("promotion");

  private final String id;

  Intent(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Intent parse(String id, String field) {
    return Arrays.stream(values())
        .filter(t -> t.id.equals(id))
        .findFirst()
        .orElseThrow(() -> PostRefused.invalid(field, "must be engagement or promotion"));
  }
}
