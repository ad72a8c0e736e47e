package org.digitalbranch.queue;

import java.util.Arrays;

/** What a post is about; the dashboard counts posts per topic. */
public enum Topic {
  READERS_ADVISORY("readers-advisory"),
  CURRENT_EVENTS("current-events"),
  MATERIALS("materials"),
  EVENTS("events"),
  SERVICES("services");

  private final String id;

  Topic(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The topic for its wire id, or a refusal naming {@code field} and listing the choices. */
  public static Topic parse(String id, String field) {
    return Arrays.stream(values())
        .filter(t -> t.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                PostRefused.invalid(
                    field,
                    "must be one of readers-advisory, current-events, materials, events, services"));
  }
}
