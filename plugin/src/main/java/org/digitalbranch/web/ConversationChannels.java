package org.digitalbranch.web;

import java.util.Optional;
import java.util.function.Supplier;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.platform.ConversationReader;
import org.digitalbranch.platform.ConversationResponder;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.Platform;
import org.digitalbranch.platform.bluesky.BlueskyPlatform;
import org.digitalbranch.platform.bluesky.BlueskyReader;
import org.digitalbranch.platform.bluesky.BlueskyResponder;
import org.digitalbranch.platform.facebook.FacebookPlatform;
import org.digitalbranch.platform.facebook.FacebookReader;
import org.digitalbranch.platform.facebook.FacebookResponder;
import org.digitalbranch.platform.graph.GraphMessaging;
import org.digitalbranch.platform.instagram.InstagramPlatform;
import org.digitalbranch.platform.instagram.InstagramReader;
import org.digitalbranch.platform.instagram.InstagramResponder;
import org.digitalbranch.platform.mastodon.MastodonPlatform;
import org.digitalbranch.platform.mastodon.MastodonReader;
import org.digitalbranch.platform.mastodon.MastodonResponder;
import org.digitalbranch.platform.x.XPlatform;
import org.digitalbranch.platform.x.XReader;
import org.digitalbranch.platform.x.XResponder;

/**
 * The conversation side of one account: the reader the ingestion polls, the responder replies and
 * moderation go through, both over the account's own connector (the one the publisher uses), and
 * its credentials as they are now (tokens are renewed while the intranet runs).
 */
record ConversationChannels(
    AccountConfig account,
    ConversationReader reader,
    ConversationResponder responder,
    Supplier<Credentials> credentials) {

  /**
   * The channels over {@code platform}; empty when it is no real connector (an account whose
   * credentials are incomplete gets a stand-in that never calls out, and nothing to read).
   *
   * @param humanAgent whether Meta granted the library's app its Human Agent feature, for the
   *     Pages' and Instagram accounts' private answers
   */
  static Optional<ConversationChannels> over(
      AccountConfig account,
      Platform platform,
      Supplier<Credentials> credentials,
      GraphMessaging.HumanAgent humanAgent) {
    return Optional.ofNullable(
        switch (platform) {
          case FacebookPlatform facebook ->
              new ConversationChannels(
                  account,
                  new FacebookReader(facebook, account.directMessages()),
                  new FacebookResponder(facebook, humanAgent),
                  credentials);
          case InstagramPlatform instagram ->
              new ConversationChannels(
                  account,
                  new InstagramReader(instagram, account.directMessages()),
                  new InstagramResponder(instagram, humanAgent),
                  credentials);
          case MastodonPlatform mastodon ->
              new ConversationChannels(
                  account,
                  new MastodonReader(mastodon),
                  new MastodonResponder(mastodon),
                  credentials);
          case BlueskyPlatform bluesky ->
              new ConversationChannels(
                  account,
                  new BlueskyReader(bluesky, account.directMessages()),
                  new BlueskyResponder(bluesky),
                  credentials);
          case XPlatform x ->
              new ConversationChannels(account, new XReader(x), new XResponder(x), credentials);
          default -> null;
        });
  }
}
