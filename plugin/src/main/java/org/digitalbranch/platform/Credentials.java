package org.digitalbranch.platform;

import java.time.Instant;
import java.util.Optional;

/**
 * The secrets one account publishes with. Every {@code toString} hides the secrets, so a
 * credentials value that reaches a log line or an exception message leaks nothing.
 */
public sealed interface Credentials {

  /** A Mastodon bearer token; Mastodon tokens do not expire until revoked. */
  record MastodonToken(String accessToken) implements Credentials {
    public MastodonToken {
      requireText(accessToken, "accessToken");
    }

    @Override
    public String toString() {
      return "MastodonToken[accessToken=***]";
    }
  }

  /**
   * A Bluesky handle (or email) and app password; the connector creates and refreshes sessions
   * itself.
   */
  record BlueskyAppPassword(String identifier, String appPassword) implements Credentials {
    public BlueskyAppPassword {
      requireText(identifier, "identifier");
      requireText(appPassword, "appPassword");
    }

    @Override
    public String toString() {
      return "BlueskyAppPassword[identifier=" + identifier + ", appPassword=***]";
    }
  }

  /**
   * An X OAuth 2.0 user token with its refresh token and the app's client id. {@code expiresAt} is
   * empty when unknown.
   */
  record XOAuth2(
      String accessToken, String refreshToken, String clientId, Optional<Instant> expiresAt)
      implements Credentials {
    public XOAuth2 {
      requireText(accessToken, "accessToken");
      requireText(clientId, "clientId");
      expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    }

    @Override
    public String toString() {
      return "XOAuth2[accessToken=***, refreshToken=***, clientId="
          + clientId
          + ", expiresAt="
          + expiresAt.map(Instant::toString).orElse("unknown")
          + "]";
    }
  }

  /**
   * A Graph API token and the object it acts for: the Facebook Page id, or the Instagram
   * professional account's user id, with the Facebook Page an Instagram account is linked to
   * ({@code pageId}, null when not given), through which Meta serves its direct messages.
   */
  record GraphToken(String objectId, String accessToken, String pageId) implements Credentials {
    public GraphToken {
      requireText(objectId, "objectId");
      requireText(accessToken, "accessToken");
    }

    public GraphToken(String objectId, String accessToken) {
      this(objectId, accessToken, null);
    }

    @Override
    public String toString() {
      return "GraphToken[objectId="
          + objectId
          + ", accessToken=***"
          + (pageId == null ? "" : ", pageId=" + pageId)
          + "]";
    }
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": must not be blank");
    }
  }
}
