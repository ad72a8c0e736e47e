package org.digitalbranch.web;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.CredentialsListener;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.Platform;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.PublishRequest;
import org.digitalbranch.platform.Verification;
import org.digitalbranch.platform.bluesky.BlueskyPlatform;
import org.digitalbranch.platform.facebook.FacebookPlatform;
import org.digitalbranch.platform.instagram.InstagramPlatform;
import org.digitalbranch.platform.mastodon.MastodonPlatform;
import org.digitalbranch.platform.x.XPlatform;
import org.digitalbranch.publish.PublishAccount;

/**
 * Turns a configured account into what the publisher needs: the connector for its platform at its
 * base URL, and its credentials under the names the settings use (issue 4):
 *
 * <ul>
 *   <li>facebook: {@code accessToken}, {@code pageId}
 *   <li>instagram: {@code accessToken}, {@code igUserId}, and {@code pageId} for its direct
 *       messages
 *   <li>mastodon: {@code accessToken}
 *   <li>bluesky: {@code identifier}, {@code appPassword} (or {@code password})
 *   <li>x: {@code accessToken}, {@code refreshToken}, {@code clientId}
 * </ul>
 *
 * An account whose credentials are incomplete still starts (the queue can target it), but its
 * connector answers every call with "needs reconnect" naming the missing key, so its posts wait and
 * the accounts page says what to add. No secret value ever appears in a message.
 */
final class AccountConnections {

  private AccountConnections() {}

  static PublishAccount connect(
      AccountConfig account, int index, PlatformSettings settings, CredentialsListener listener) {
    Platform platform =
        switch (account.platform()) {
          case FACEBOOK -> new FacebookPlatform(settings);
          case INSTAGRAM -> new InstagramPlatform(settings);
          case MASTODON -> new MastodonPlatform(settings);
          case BLUESKY -> new BlueskyPlatform(settings);
          case X -> new XPlatform(settings, listener);
        };
    List<String> missing = missing(account);
    if (!missing.isEmpty()) {
      String where = "plugins.org.digitalbranch.accounts[" + index + "].credentials";
      String reason =
          "the settings give no "
              + String.join(", ", missing)
              + " for this account: add "
              + (missing.size() == 1 ? "it" : "them")
              + " under "
              + where
              + " and restart the intranet";
      return new PublishAccount(
          account.id(), new Unconfigured(platform.id(), reason), placeholder(account));
    }
    return new PublishAccount(account.id(), platform, credentials(account));
  }

  /** The credential names the account's platform needs and the settings do not give. */
  static List<String> missing(AccountConfig account) {
    List<String> missing = new ArrayList<>();
    for (String name : account.platform().requiredCredentials()) {
      if (value(account, name).isEmpty()) {
        missing.add(name);
      }
    }
    return missing;
  }

  private static Optional<String> value(AccountConfig account, String name) {
    Optional<String> value =
        account.credentials().get(name).map(String::strip).filter(text -> !text.isEmpty());
    if (value.isEmpty() && name.equals("appPassword")) {
      return value(account, "password");
    }
    return value;
  }

  private static Credentials credentials(AccountConfig account) {
    return switch (account.platform()) {
      case FACEBOOK ->
          new Credentials.GraphToken(
              value(account, "pageId").orElseThrow(), value(account, "accessToken").orElseThrow());
      case INSTAGRAM ->
          new Credentials.GraphToken(
              value(account, "igUserId").orElseThrow(),
              value(account, "accessToken").orElseThrow(),
              value(account, "pageId").orElse(null));
      case MASTODON -> new Credentials.MastodonToken(value(account, "accessToken").orElseThrow());
      case BLUESKY ->
          new Credentials.BlueskyAppPassword(
              value(account, "identifier").orElseThrow(),
              value(account, "appPassword").orElseThrow());
      case X ->
          new Credentials.XOAuth2(
              value(account, "accessToken").orElseThrow(),
              value(account, "refreshToken").orElse(null),
              value(account, "clientId").orElseThrow(),
              Optional.empty());
    };
  }

  /** Stand-in credentials of the right kind for an account that cannot publish yet. */
  private static Credentials placeholder(AccountConfig account) {
    String none = "not-configured";
    return switch (account.platform()) {
      case FACEBOOK, INSTAGRAM -> new Credentials.GraphToken(none, none);
      case MASTODON -> new Credentials.MastodonToken(none);
      case BLUESKY -> new Credentials.BlueskyAppPassword(none, none);
      case X -> new Credentials.XOAuth2(none, null, none, Optional.empty());
    };
  }

  /** The base URL the account's connector talks to. */
  static URI baseUrl(AccountConfig account) {
    return account.baseUrl() == null ? account.platform().defaultBaseUrl() : account.baseUrl();
  }

  /** A connector that never calls out: the account's credentials are incomplete. */
  private record Unconfigured(String id, String reason) implements Platform {
    @Override
    public PublishOutcome publish(PublishRequest request) {
      return new PublishOutcome.NeedsReconnect(reason);
    }

    @Override
    public LookupResult findRecent(PublishRequest request, Instant since) {
      return new LookupResult.Failed(new PublishOutcome.NeedsReconnect(reason));
    }

    @Override
    public Verification verify(Credentials credentials) {
      return new Verification.Failed(new PublishOutcome.NeedsReconnect(reason));
    }

    @Override
    public Optional<String> unusable() {
      return Optional.of(reason);
    }
  }
}
