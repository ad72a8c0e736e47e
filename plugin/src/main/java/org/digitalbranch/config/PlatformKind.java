package org.digitalbranch.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The social platforms an account can live on, as named in the configuration. */
public enum PlatformKind {
  FACEBOOK(
      "facebook",
      "https://graph.facebook.com",
      List.of("accessToken", "pageId"),
      List.of("appSecret", "verifyToken")),
  // pageId: the Facebook Page the account is linked to, through which Meta serves its direct
  // messages; needed only with directMessages (DigitalBranchConfig). appSecret and verifyToken:
  // Meta's webhook, which tells of direct messages as they come, for a library whose Page is not
  // configured here.
  INSTAGRAM(
      "instagram",
      "https://graph.facebook.com",
      List.of("accessToken", "igUserId"),
      List.of("pageId", "appSecret", "verifyToken")),
  // Mastodon has no central server: a configured account without baseUrl takes the server its
  // handle names (DigitalBranchConfig); this default is only the demo's, whose sandbox replaces it.
  MASTODON("mastodon", "https://mastodon.social", List.of("accessToken"), List.of()),
  // "password" is accepted for "appPassword": Bluesky's own createSession calls it that.
  BLUESKY(
      "bluesky", "https://bsky.social", List.of("identifier", "appPassword"), List.of("password")),
  X("x", "https://api.x.com", List.of("accessToken", "clientId"), List.of("refreshToken"));

  private final String id;
  private final URI defaultBaseUrl;
  private final List<String> requiredCredentials;
  private final List<String> optionalCredentials;

  PlatformKind(
      String id,
      String defaultBaseUrl,
      List<String> requiredCredentials,
      List<String> optionalCredentials) {
    this.id = id;
    this.defaultBaseUrl = URI.create(defaultBaseUrl);
    this.requiredCredentials = requiredCredentials;
    this.optionalCredentials = optionalCredentials;
  }

  /** The credentials an account needs before its connector can call the platform. */
  public List<String> requiredCredentials() {
    return requiredCredentials;
  }

  /**
   * Every credential name the platform's connector reads: any other name in the settings is a
   * mistake (a misspelt "acessToken" would otherwise leave the account without its token, quietly).
   */
  public List<String> credentialNames() {
    List<String> names = new ArrayList<>(requiredCredentials);
    names.addAll(optionalCredentials);
    return List.copyOf(names);
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
