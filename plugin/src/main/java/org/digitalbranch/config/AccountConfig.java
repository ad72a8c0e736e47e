package org.digitalbranch.config;

import java.net.URI;
import java.util.List;

/**
 * One of the library's platform accounts.
 *
 * @param id the library's own name for the account ({@code [a-z0-9-]+}, unique), used in URLs and
 *     in the API
 * @param platform where the account lives
 * @param handle how the platform shows the account, for example {@code @library@example.social}
 * @param baseUrl the platform API to talk to: the platform's public API unless configured (a
 *     self-hosted Mastodon, a sandbox)
 * @param credentials tokens and secrets; never shown
 * @param team the intranet user names who work this account
 * @param directMessages a Facebook Page's private messages (Messenger), an Instagram account's
 *     direct messages, or a Bluesky account's chats, are read and answered too. Off unless
 *     configured: a Page token needs the {@code pages_messaging} permission (an Instagram
 *     account's, through its linked Page, {@code instagram_manage_messages}), which Meta grants
 *     only after its app review, and a Bluesky app password must have been made with "Allow access
 *     to your direct messages"; without either, every read of them would fail.
 */
public record AccountConfig(
    String id,
    PlatformKind platform,
    String handle,
    URI baseUrl,
    Credentials credentials,
    List<String> team,
    boolean directMessages) {

  public AccountConfig {
    team = List.copyOf(team);
  }

  /** An account whose private messages, if its platform has any apart, are not read. */
  public AccountConfig(
      String id,
      PlatformKind platform,
      String handle,
      URI baseUrl,
      Credentials credentials,
      List<String> team) {
    this(id, platform, handle, baseUrl, credentials, team, false);
  }
}
