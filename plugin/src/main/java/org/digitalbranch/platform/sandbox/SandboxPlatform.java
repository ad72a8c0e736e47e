package org.digitalbranch.platform.sandbox;

import java.util.Locale;

/**
 * The five platforms the demo imitates; {@link #id()} is the {@code platform} value of settings.
 */
public enum SandboxPlatform {
  FACEBOOK("facebook", "Facebook"),
  INSTAGRAM("instagram", "Instagram"),
  MASTODON("mastodon", "Mastodon"),
  BLUESKY("bluesky", "Bluesky"),
  X("x", "X");

  private final String id;
  private final String displayName;

  SandboxPlatform(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /** The platform for a settings value such as {@code "mastodon"}; names the value when unknown. */
  public static SandboxPlatform fromId(String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (SandboxPlatform platform : values()) {
      if (platform.id.equals(wanted)) {
        return platform;
      }
    }
    throw new IllegalArgumentException(
        "unknown platform \"" + id + "\": expected facebook, instagram, mastodon, bluesky or x");
  }
}
