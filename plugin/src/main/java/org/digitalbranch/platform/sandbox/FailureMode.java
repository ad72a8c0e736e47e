package org.digitalbranch.platform.sandbox;

import java.util.Locale;

/**
 * A failure the demo can switch on per platform so a new user can watch the plugin cope. The
 * "-once" modes hit the next publishing request only (a Facebook feed, photo or comment post, an
 * Instagram {@code media_publish} or reply, a Mastodon status, a Bluesky {@code createRecord}, an X
 * post), so the retry is visible on the post page, then switch themselves off; the token modes hit
 * every authenticated request, answered with that platform's documented error shape.
 */
public enum FailureMode {
  /** Everything works. */
  NONE("none"),
  /** The next publish is rate limited with the platform's reset signal; later ones succeed. */
  RATE_LIMIT_ONCE("rate-limit-once"),
  /** The next publish gets a 503 (Graph: the transient error envelope); later ones succeed. */
  SERVER_ERROR_ONCE("server-error-once"),
  /**
   * The access token in use expires at its next use. Bluesky and X let a client refresh and carry
   * on; Facebook, Instagram and Mastodon have no refresh, so the account needs reconnecting (in the
   * sandbox: until the failure is switched off).
   */
  EXPIRED_TOKEN("expired-token"),
  /** Every credential is refused, refresh and new sessions included: a needs-reconnect anywhere. */
  REVOKED_TOKEN("revoked-token");

  private final String id;

  FailureMode(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static FailureMode fromId(String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (FailureMode mode : values()) {
      if (mode.id.equals(wanted)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown failure \""
            + id
            + "\": expected none, rate-limit-once, server-error-once, expired-token or"
            + " revoked-token");
  }
}
