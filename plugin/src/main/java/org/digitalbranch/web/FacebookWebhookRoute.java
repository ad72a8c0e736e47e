package org.digitalbranch.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.digitalbranch.archive.ArchiveStore;
import org.digitalbranch.archive.ArchiveSync;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.PlatformKind;
import org.digitalbranch.platform.facebook.FacebookWebhook;
import org.digitalbranch.store.WebhookDeliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST api/webhooks/facebook}: Meta's webhook, for Pages and Instagram accounts. The
 * filter lets these two through without a session or CSRF token (Meta has neither) but with the
 * body limit; here the raw body's {@code X-Hub-Signature-256} is checked before anything is read,
 * and the comments and private messages it carries go into the archive like polled ones.
 *
 * <p>Replays: Meta's signature covers the body only, with no timestamp, so a delivery someone
 * captured stays validly signed forever. The store already ignores a late copy of a text it holds,
 * but not an old {@code edited} change arriving after the comment was removed: it would bring the
 * removed comment back. Every accepted delivery is therefore remembered by the SHA-256 of its raw
 * body for {@link #REMEMBERED} ({@link WebhookDeliveries}); the same bytes again within that time
 * are a replay. A replay is answered <b>200</b> ({@code {"received": 0, "replay": true}}) and not
 * processed: the sender of a genuine repeat is Meta retrying a delivery whose answer it lost, and
 * any other status would make Meta retry again and count our endpoint as failing; an attacker
 * learns nothing from the 200 and changes nothing with it. A delivery whose processing fails is
 * forgotten again, so Meta's retry of it is taken.
 *
 * <p>The app secret and verify token are a Facebook or Instagram account's credentials {@code
 * appSecret} and {@code verifyToken}; without them every call is refused (403), never answered 500.
 */
final class FacebookWebhookRoute {

  static final String PATH = "webhooks/facebook";

  /**
   * How long a delivery is remembered: days beyond any retry, small enough to stay a tiny table.
   */
  static final Duration REMEMBERED = Duration.ofDays(7);

  private static final Logger log = LoggerFactory.getLogger(FacebookWebhookRoute.class);

  private final FacebookWebhook webhook;
  private final ArchiveSync sync;
  private final WebhookDeliveries deliveries;

  private FacebookWebhookRoute(
      FacebookWebhook webhook, ArchiveSync sync, WebhookDeliveries deliveries) {
    this.webhook = webhook;
    this.sync = sync;
    this.deliveries = deliveries;
  }

  /**
   * The webhook over the Meta accounts: each Facebook Page by its {@code pageId} (its comments, and
   * its private messages where read), each Instagram account whose direct messages are read by its
   * {@code igUserId}; keyed by the first account's {@code appSecret} and {@code verifyToken} (one
   * Meta app serves them all).
   */
  static FacebookWebhookRoute over(
      List<AccountConfig> accounts,
      ArchiveStore store,
      ArchiveSync sync,
      WebhookDeliveries deliveries) {
    Map<String, String> pages = new LinkedHashMap<>();
    Map<String, String> directPages = new LinkedHashMap<>();
    Map<String, String> directInstagram = new LinkedHashMap<>();
    String secret = null;
    String verifyToken = null;
    for (AccountConfig account : accounts) {
      if (account.platform() != PlatformKind.FACEBOOK
          && account.platform() != PlatformKind.INSTAGRAM) {
        continue;
      }
      if (account.platform() == PlatformKind.FACEBOOK) {
        Optional<String> page = value(account, "pageId");
        page.ifPresent(id -> pages.putIfAbsent(id, account.id()));
        if (account.directMessages()) {
          page.ifPresent(id -> directPages.putIfAbsent(id, account.id()));
        }
      } else if (account.directMessages()) {
        value(account, "igUserId").ifPresent(id -> directInstagram.putIfAbsent(id, account.id()));
      }
    }
    // One Meta app serves them all: its secret and token from the first account giving both, a
    // Facebook account's before an Instagram one's, so that an Instagram account's half-given pair
    // cannot switch off the Pages' comments.
    for (PlatformKind platform : List.of(PlatformKind.FACEBOOK, PlatformKind.INSTAGRAM)) {
      for (AccountConfig account : accounts) {
        if (secret == null
            && account.platform() == platform
            && value(account, "appSecret").isPresent()
            && value(account, "verifyToken").isPresent()) {
          secret = value(account, "appSecret").get();
          verifyToken = value(account, "verifyToken").get();
        }
      }
    }
    if (secret == null || verifyToken == null || (pages.isEmpty() && directInstagram.isEmpty())) {
      return new FacebookWebhookRoute(null, sync, deliveries);
    }
    return new FacebookWebhookRoute(
        new FacebookWebhook(verifyToken, secret, pages, directPages, directInstagram, held(store)),
        sync,
        deliveries);
  }

  /** The archive as the webhook looks a private message's conversation up in it. */
  private static FacebookWebhook.Held held(ArchiveStore store) {
    return new FacebookWebhook.Held() {
      @Override
      public boolean holds(String account, String platformId) {
        return store.holds(account, platformId);
      }

      @Override
      public Optional<FacebookWebhook.Chat> chatWith(String account, String person) {
        return store
            .directChatWith(account, person)
            .map(
                chat ->
                    new FacebookWebhook.Chat(
                        chat.rootPlatformId(), chat.personName(), chat.ownName()));
      }
    };
  }

  Router routes(Router api) {
    return api.get(PATH, this::handshake).post(PATH, this::deliver);
  }

  void handshake(Exchange exchange) throws IOException {
    FacebookWebhook configured = configured();
    var request = exchange.request();
    Optional<String> challenge =
        configured.verify(
            request.getParameter("hub.mode"),
            request.getParameter("hub.verify_token"),
            request.getParameter("hub.challenge"));
    if (challenge.isEmpty()) {
      throw new HttpProblem.Forbidden("hub.verify_token: does not match this intranet's token");
    }
    var response = exchange.response();
    response.setStatus(200);
    response.setContentType("text/plain");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(challenge.get());
  }

  void deliver(Exchange exchange) throws IOException {
    FacebookWebhook configured = configured();
    byte[] body = exchange.request().getInputStream().readAllBytes();
    FacebookWebhook.Delivery delivery =
        configured.accept(body, exchange.request().getHeader("X-Hub-Signature-256"));
    if (delivery instanceof FacebookWebhook.Delivery.Refused refused) {
      if (refused.reason().startsWith("X-Hub-Signature-256")) {
        log.warn("Facebook webhook delivery refused: {}", refused.reason());
        throw new HttpProblem.Forbidden(refused.reason());
      }
      throw new HttpProblem.BadRequest("body", refused.reason());
    }
    List<org.digitalbranch.archive.IncomingItem> items =
        ((FacebookWebhook.Delivery.Accepted) delivery).items();
    String digest = WebhookDeliveries.digestOf(body);
    if (!deliveries.claim(digest)) {
      log.warn("Facebook webhook delivery {} replayed; not processed again", digest);
      exchange.json(200, Map.of("received", 0, "replay", true));
      return;
    }
    try {
      if (!items.isEmpty()) {
        sync.ingest(items);
      }
    } catch (RuntimeException failure) {
      deliveries.release(digest);
      throw failure;
    }
    exchange.json(200, Map.of("received", items.size()));
  }

  private FacebookWebhook configured() {
    if (webhook == null) {
      throw new HttpProblem.Forbidden(
          "The Facebook webhook is not set up: give the Facebook account's credentials an"
              + " appSecret, a verifyToken and its pageId (or an Instagram account's, with"
              + " directMessages).");
    }
    return webhook;
  }

  private static Optional<String> value(AccountConfig account, String name) {
    return account.credentials().get(name).map(String::strip).filter(text -> !text.isEmpty());
  }
}
