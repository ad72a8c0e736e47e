package org.digitalbranch.platform.sandbox;

import java.util.Map;

/**
 * The demo account a connector should use against one sandbox platform: an account id for the
 * settings, the handle, the base URL and the credentials under the keys the account settings use
 * (Facebook {@code accessToken, pageId}; Instagram {@code accessToken, igUserId, pageId}; Mastodon
 * {@code accessToken}; Bluesky {@code identifier, password}; X {@code accessToken, refreshToken,
 * clientId}).
 */
public record SandboxAccount(
    String id,
    SandboxPlatform platform,
    String handle,
    String baseUrl,
    Map<String, String> credentials) {

  public SandboxAccount {
    credentials = Map.copyOf(credentials);
  }

  @Override
  public String toString() {
    return "SandboxAccount[" + id + ", " + platform.id() + ", " + handle + ", " + baseUrl + "]";
  }
}
