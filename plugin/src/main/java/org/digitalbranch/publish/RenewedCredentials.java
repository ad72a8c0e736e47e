package org.digitalbranch.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.CredentialsListener;
import org.digitalbranch.queue.Transactor;

/**
 * The credentials each account publishes with now. X rotates its refresh token on every renewal and
 * the old one stops working, so renewed credentials are stored at once and used after a restart.
 * They replace the configured ones only while the configuration is unchanged: an admin who puts new
 * tokens in the settings means them to be used.
 *
 * <p>Give this object to the connectors that renew tokens ({@code new XPlatform(settings, it)}).
 * Secrets are stored, never logged: nothing here writes a log line.
 */
public final class RenewedCredentials implements CredentialsListener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Transactor transactor;
  private final Clock clock;
  private final Map<String, Credentials> configured = new ConcurrentHashMap<>();
  private final Map<String, Credentials> current = new ConcurrentHashMap<>();

  public RenewedCredentials(Transactor transactor, Clock clock) {
    this.transactor = transactor;
    this.clock = clock;
  }

  /** Takes an account's configured credentials, and its renewed ones if stored for them. */
  public void register(String accountId, Credentials fromSettings) {
    configured.put(accountId, fromSettings);
    String digest = digest(fromSettings);
    Optional<PublishStore.Renewed> stored =
        transactor.inTransaction(connection -> new PublishStore(connection).renewed(accountId));
    current.put(
        accountId,
        stored
            .filter(renewed -> digest.equals(renewed.configuredDigest()))
            .map(renewed -> decode(renewed.json()))
            .orElse(fromSettings));
  }

  /** The credentials to use for the account now. */
  public Credentials current(String accountId) {
    Credentials credentials = current.get(accountId);
    if (credentials == null) {
      throw new IllegalArgumentException("accountId: no account " + accountId + " registered");
    }
    return credentials;
  }

  @Override
  public void refreshed(Credentials before, Credentials after) {
    Instant now = clock.instant();
    for (Map.Entry<String, Credentials> entry : current.entrySet()) {
      if (!entry.getValue().equals(before)) {
        continue;
      }
      String accountId = entry.getKey();
      Instant expiresAt =
          after instanceof Credentials.XOAuth2 oauth ? oauth.expiresAt().orElse(null) : null;
      PublishStore.Renewed renewed =
          new PublishStore.Renewed(encode(after), digest(configured.get(accountId)));
      transactor.inTransaction(
          connection -> {
            new PublishStore(connection).saveRenewed(accountId, renewed, expiresAt, now);
            return null;
          });
      entry.setValue(after);
    }
  }

  static String encode(Credentials credentials) {
    ObjectNode node = JSON.createObjectNode();
    switch (credentials) {
      case Credentials.MastodonToken token ->
          node.put("type", "mastodon").put("accessToken", token.accessToken());
      case Credentials.BlueskyAppPassword password ->
          node.put("type", "bluesky")
              .put("identifier", password.identifier())
              .put("appPassword", password.appPassword());
      case Credentials.XOAuth2 oauth -> {
        node.put("type", "x")
            .put("accessToken", oauth.accessToken())
            .put("refreshToken", oauth.refreshToken())
            .put("clientId", oauth.clientId());
        oauth.expiresAt().ifPresent(at -> node.put("expiresAt", at.toString()));
      }
      case Credentials.GraphToken graph ->
          node.put("type", "graph")
              .put("objectId", graph.objectId())
              .put("accessToken", graph.accessToken());
    }
    return node.toString();
  }

  static Credentials decode(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // The message would quote the secret: say only what is wrong.
      throw new IllegalStateException("stored credentials are not valid JSON");
    }
    return switch (node.path("type").asText()) {
      case "mastodon" -> new Credentials.MastodonToken(node.path("accessToken").asText());
      case "bluesky" ->
          new Credentials.BlueskyAppPassword(
              node.path("identifier").asText(), node.path("appPassword").asText());
      case "x" ->
          new Credentials.XOAuth2(
              node.path("accessToken").asText(),
              node.hasNonNull("refreshToken") ? node.path("refreshToken").asText() : null,
              node.path("clientId").asText(),
              node.hasNonNull("expiresAt")
                  ? Optional.of(Instant.parse(node.path("expiresAt").asText()))
                  : Optional.empty());
      case "graph" ->
          new Credentials.GraphToken(
              node.path("objectId").asText(), node.path("accessToken").asText());
      default -> throw new IllegalStateException("stored credentials have an unknown type");
    };
  }

  /** A one-way digest of the configured credentials, so that a change in the settings shows. */
  static String digest(Credentials credentials) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha256.digest(encode(credentials).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
