package org.digitalbranch.queue;

import java.util.Arrays;

/** The five platforms a library account can live on, as the queue's validation knows them. */
public enum Network {
  FACEBOOK("facebook"),
  INSTAGRAM("instagram"),
  MASTODON("mastodon"),
  BLUESKY("bluesky"),
  X("x");

  private final String id;

  Network(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Network fromId(String id) {
    return Arrays.stream(values())
        .filter(n -> n.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown platform " + id));
  }
}
