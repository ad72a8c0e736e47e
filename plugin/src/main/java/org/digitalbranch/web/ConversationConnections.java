package org.digitalbranch.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.platform.CredentialsListener;
import org.digitalbranch.platform.Platform;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.bluesky.BlueskyPlatform;
import org.digitalbranch.platform.facebook.FacebookPlatform;
import org.digitalbranch.platform.instagram.InstagramPlatform;
import org.digitalbranch.platform.mastodon.MastodonPlatform;
import org.digitalbranch.platform.x.XPlatform;

/**
 * Connectors and typed credentials for the configured accounts, under the settings' credential
 * names (facebook {@code accessToken, pageId}; instagram {@code accessToken, igUserId}; mastodon
 * {@code accessToken}; bluesky {@code identifier, appPassword} or {@code password}; x {@code
 * accessToken, refreshToken, clientId}). An account whose credentials are incomplete gets no
 * channels: it is neither polled nor answered, and replying to it says so.
 */
final class ConversationConnections {

  private ConversationConnections() {}

  static List<ConversationChannels> connect(List<AccountConfig> accounts) {
    List<ConversationChannels> channels = new ArrayList<>();
    for (AccountConfig account : accounts) {
      credentials(account)
          .flatMap(
              credentials ->
                  ConversationChannels.over(account, platform(account), () -> credentials))
          .ifPresent(channels::add);
    }
    return channels;
  }

  private static Platform platform(AccountConfig account) {
    PlatformSettings settings =
        PlatformSettings.defaults(
            account.baseUrl() == null ? account.platform().defaultBaseUrl() : account.baseUrl());
    return switch (account.platform()) {
      case FACEBOOK -> new FacebookPlatform(settings);
      case INSTAGRAM -> new InstagramPlatform(settings);
      case MASTODON -> new MastodonPlatform(settings);
      case BLUESKY -> new BlueskyPlatform(settings);
      case X -> new XPlatform(settings, CredentialsListener.IGNORE);
    };
  }

  private static Optional<org.digitalbranch.platform.Credentials> credentials(
      AccountConfig account) {
    Optional<String> token = value(account, "accessToken");
    return switch (account.platform()) {
      case FACEBOOK ->
          token.flatMap(
              t ->
                  value(account, "pageId")
                      .map(page -> new org.digitalbranch.platform.Credentials.GraphToken(page, t)));
      case INSTAGRAM ->
          token.flatMap(
              t ->
                  value(account, "igUserId")
                      .map(user -> new org.digitalbranch.platform.Credentials.GraphToken(user, t)));
      case MASTODON -> token.map(org.digitalbranch.platform.Credentials.MastodonToken::new);
      case BLUESKY ->
          value(account, "identifier")
              .flatMap(
                  id ->
                      value(account, "appPassword")
                          .or(() -> value(account, "password"))
                          .map(
                              password ->
                                  new org.digitalbranch.platform.Credentials.BlueskyAppPassword(
                                      id, password)));
      case X ->
          token.flatMap(
              t ->
                  value(account, "clientId")
                      .map(
                          client ->
                              new org.digitalbranch.platform.Credentials.XOAuth2(
                                  t,
                                  value(account, "refreshToken").orElse(null),
                                  client,
                                  Optional.empty())));
    };
  }

  private static Optional<String> value(AccountConfig account, String name) {
    return account.credentials().get(name).map(String::strip).filter(text -> !text.isEmpty());
  }
}
