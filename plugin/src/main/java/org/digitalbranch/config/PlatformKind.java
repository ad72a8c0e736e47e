package org.digitalbranch.config;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The social platforms an account can live on, as named in the configuration. */
public enum PlatformKind {
  FACEBOOK("facebook", "https://graph.facebook.com"),
  INSTAGRAM("instagram", "https://graph.facebook.com"),
  // Mastodon has no central server: a real account names its instance; this default only makes a
  // handle-only configuration start.
  MASTODON("mastodon", "https://mastodon.social"),
  BLUESKY("bluesky", "https://bsky.social"),
  X("x", "https://api.x.com");

  private final String id;
  private final URI defaultBaseUrl;

  PlatformKind(String id, String defaultBaseUrl) {
    this.id = id;
    this.defaultBaseUrl = URI.create(defaultBaseUrl);
  }

  /** The name used in the configuration and the JSON API, for example {@code "mastodon"}. */
  public String id() {
    return id;
  }

  /** The platform's public API, used when an account gives no {@code baseUrl}. */
  public URI defaultBaseUrl() {
    return defaultBaseUrl;
  }

  public static Optional<PlatformKind> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  /** "facebook, instagram, mastodon, bluesky, x", for error messages. */
  public static String allIds() {
    return Arrays.stream(values()).map(PlatformKind::id).collect(Collectors.joining(", "));
  }
}
