package org.digitalbranch.publish;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.digitalbranch.platform.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each account's own server allows where a platform differs from server to server: a Mastodon
 * server's character limit (500 on a stock server, several thousand on many, {@code GET
 * /api/v2/instance}). Read once in the background at start, so a server that does not answer delays
 * nothing; until it is read, or when it cannot be, the platform's usual limit applies.
 */
public final class ServerLimits {

  private static final Logger LOG = LoggerFactory.getLogger(ServerLimits.class);

  private final Map<String, Integer> characters = new ConcurrentHashMap<>();

  /** The account's server's limit on a post's characters; 0 when not known (the usual applies). */
  public int characters(String accountId) {
    return characters.getOrDefault(accountId, 0);
  }

  /** Asks each account's platform for its server's limits, on a daemon thread of its own. */
  public void readInBackground(
      List<PublishAccount> accounts, Function<String, Credentials> credentials) {
    Thread.ofPlatform()
        .daemon()
        .name("digital-branch-server-limits")
        .start(
            () -> {
              for (PublishAccount account : accounts) {
                read(account, credentials.apply(account.id()));
              }
            });
  }

  /** Asks one account's platform now. */
  public void read(PublishAccount account, Credentials credentials) {
    OptionalInt limit;
    try {
      limit = account.platform().characterLimit(credentials);
    } catch (RuntimeException e) {
      // Missing credentials and the like: the usual limit stands, as when the server is down.
      limit = OptionalInt.empty();
    }
    if (limit.isPresent()) {
      characters.put(account.id(), limit.getAsInt());
      LOG.info(
          "account {}: its server takes posts of up to {} characters",
          account.id(),
          limit.getAsInt());
    } else if ("mastodon".equals(account.platformName())) {
      LOG.info(
          "account {}: its server did not say how long a post may be; 500 characters apply until"
              + " the next start",
          account.id());
    }
  }
}
