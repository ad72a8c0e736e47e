package org.digitalbranch.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.digitalbranch.platform.ContentFingerprint;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.Platform;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PlatformHttp;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.PublishRequest;
import org.digitalbranch.platform.RateLimitSignals;
import org.digitalbranch.platform.Stage;
import org.digitalbranch.platform.Verification;

/**
 * Bluesky through the AT Protocol's XRPC endpoints: an app-password session (created once per
 * account and refreshed when the short-lived access token expires), blobs for images, and an {@code
 * app.bsky.feed.post} record with link facets. Bluesky has no idempotency key, so a lost answer is
 * reconciled by {@link #findRecent} over the account's author feed.
 */
public final class BlueskyPlatform implements Platform {

  public static final URI DEFAULT_BASE_URL = URI.create("https://bsky.social");

  /** Where published posts are public, unless the settings give another web base URL. */
  static final String SITE = "https://bsky.app";

  static final int MAX_IMAGES = 4;
  static final int MAX_IMAGE_BYTES = 2_000_000;

  private static final String NAME = "Bluesky";
  private static final Pattern URL = Pattern.compile("https?://[^\\s]+");
  private static final String TRAILING_PUNCTUATION = ".,;:!?)\"'";
  private static final DateTimeFormatter CREATED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  final PlatformHttp http;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  public BlueskyPlatform(PlatformSettings settings) {
    this.http = new PlatformHttp(settings, NAME);
  }

  /** What {@code createSession} and {@code refreshSession} return; kept per identifier. */
  record Session(String accessJwt, String refreshJwt, String did, String handle) {
    @Override
    public String toString() {
      return "Session[" + handle + "]";
    }
  }

  @Override
  public String id() {
    return "bluesky";
  }

  @Override
  public PublishOutcome publish(PublishRequest request) {
    Credentials.BlueskyAppPassword account = appPassword(request.credentials());
    if (request.images().size() > MAX_IMAGES) {
      return new PublishOutcome.Rejected(
          "Bluesky allows at most " + MAX_IMAGES + " images in a post");
    }
    for (PublishRequest.Image image : request.images()) {
      if (image.bytes().length > MAX_IMAGE_BYTES) {
        return new PublishOutcome.Rejected(
            "Bluesky accepts images up to 2 MB; one image is " + image.bytes().length + " bytes");
      }
    }
    try {
      List<JsonNode> blobs = new ArrayList<>();
      for (PublishRequest.Image image : request.images()) {
        blobs.add(uploadBlob(account, image));
      }
      return createPost(account, request, blobs);
    } catch (PlatformFailure failure) {
      return failure.outcome();
    }
  }

  private JsonNode uploadBlob(Credentials.BlueskyAppPassword account, PublishRequest.Image image)
      throws PlatformFailure {
    HttpReply reply =
        call(
            account,
            session ->
                http.request("/xrpc/com.atproto.repo.uploadBlob")
                    .header("Authorization", "Bearer " + session.accessJwt())
                    .header("Content-Type", image.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(image.bytes()))
                    .build(),
            Stage.PREPARE,
            "uploading an image");
    JsonNode blob = reply.json(Stage.PREPARE, NAME).path("blob");
    if (!blob.isObject()) {
      throw new PlatformFailure(
          new PublishOutcome.Transient("Bluesky's answer to an image upload had no blob"));
    }
    return blob;
  }

  private PublishOutcome createPost(
      Credentials.BlueskyAppPassword account, PublishRequest request, List<JsonNode> blobs)
      throws PlatformFailure {
    String text = request.textWithLink();
    ObjectNode record = Json.object();
    record.put("$type", "app.bsky.feed.post");
    record.put("text", text);
    record.put("createdAt", CREATED_AT.format(http.settings().clock().instant()));
    ArrayNode facets = linkFacets(text);
    if (!facets.isEmpty()) {
      record.set("facets", facets);
    }
    if (!blobs.isEmpty()) {
      ObjectNode embed = record.putObject("embed");
      embed.put("$type", "app.bsky.embed.images");
      ArrayNode images = embed.putArray("images");
      for (int i = 0; i < blobs.size(); i++) {
        PublishRequest.Image image = request.images().get(i);
        ObjectNode embedded = images.addObject();
        embedded.put("alt", image.altText()).set("image", blobs.get(i));
        // Without it Bluesky's apps show the picture cropped to a default shape.
        image
            .dimensions()
            .ifPresent(
                size ->
                    embedded
                        .putObject("aspectRatio")
                        .put("width", size.width())
                        .put("height", size.height()));
      }
    }
    Session[] used = new Session[1];
    HttpReply reply =
        call(
            account,
            session -> {
              used[0] = session;
              ObjectNode body = Json.object();
              body.put("repo", session.did());
              body.put("collection", "app.bsky.feed.post");
              body.set("record", record);
              return http.request("/xrpc/com.atproto.repo.createRecord")
                  .header("Authorization", "Bearer " + session.accessJwt())
                  .header("Content-Type", PlatformHttp.JSON)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                  .build();
            },
            Stage.PUBLISH,
            "publishing the post");
    String uri = Json.text(reply.json(Stage.PUBLISH, NAME), "/uri");
    if (uri.isEmpty()) {
      return new PublishOutcome.Unknown(
          "Bluesky accepted the post but did not say where it is; the post may be live", false);
    }
    return published(http.settings(), uri, used[0].handle());
  }

  /**
   * A link facet for every URL in the text. Facet indices count UTF-8 bytes, not Java chars, so an
   * emoji or an accented letter before a link moves the link's byte offsets.
   */
  static ArrayNode linkFacets(String text) {
    ArrayNode facets = Json.MAPPER.createArrayNode();
    Matcher matcher = URL.matcher(text);
    while (matcher.find()) {
      String url = matcher.group();
      while (!url.isEmpty() && TRAILING_PUNCTUATION.indexOf(url.charAt(url.length() - 1)) >= 0) {
        url = url.substring(0, url.length() - 1);
      }
      int byteStart = utf8Length(text.substring(0, matcher.start()));
      ObjectNode facet = facets.addObject();
      facet
          .putObject("index")
          .put("byteStart", byteStart)
          .put("byteEnd", byteStart + utf8Length(url));
      facet
          .putArray("features")
          .addObject()
          .put("$type", "app.bsky.richtext.facet#link")
          .put("uri", url);
    }
    return facets;
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public LookupResult findRecent(PublishRequest request, Instant since) {
    Credentials.BlueskyAppPassword account = appPassword(request.credentials());
    String fingerprint = ContentFingerprint.of(request.textWithLink());
    try {
      Session[] used = new Session[1];
      HttpReply reply =
          call(
              account,
              session -> {
                used[0] = session;
                return http.request(
                        "/xrpc/app.bsky.feed.getAuthorFeed?actor="
                            + PlatformHttp.encode(session.did())
                            + "&limit=30&filter=posts_no_replies")
                    .header("Authorization", "Bearer " + session.accessJwt())
                    .GET()
                    .build();
              },
              Stage.PREPARE,
              "reading the account's recent posts");
      for (JsonNode item : reply.json(Stage.PREPARE, NAME).path("feed")) {
        JsonNode post = item.path("post");
        Optional<Instant> created = Json.instant(post, "/record/createdAt");
        if (created.isPresent()
            && !created.get().isBefore(since)
            && Json.text(post, "/author/did").equals(used[0].did())
            && ContentFingerprint.of(Json.text(post, "/record/text")).equals(fingerprint)) {
          return new LookupResult.Found(
              published(http.settings(), Json.text(post, "/uri"), used[0].handle()));
        }
      }
      return new LookupResult.NotFound();
    } catch (PlatformFailure failure) {
      return new LookupResult.Failed(failure.outcome());
    }
  }

  @Override
  public Verification verify(Credentials credentials) {
    try {
      HttpReply reply =
          call(
              appPassword(credentials),
              session ->
                  http.request("/xrpc/com.atproto.server.getSession")
                      .header("Authorization", "Bearer " + session.accessJwt())
                      .GET()
                      .build(),
              Stage.PREPARE,
              "checking the account");
      JsonNode session = reply.json(Stage.PREPARE, NAME);
      return new Verification.Verified(
          Json.text(session, "/did"), "@" + Json.text(session, "/handle"), Optional.empty());
    } catch (PlatformFailure failure) {
      return new Verification.Failed(failure.outcome());
    }
  }

  /**
   * Sends an authenticated request. When Bluesky says the access token expired, the session is
   * refreshed (or, if the refresh token is revoked too, created again) and the request is sent once
   * more; a request refused for an expired token was not carried out, so this is safe.
   */
  HttpReply call(
      Credentials.BlueskyAppPassword account,
      Function<Session, HttpRequest> request,
      Stage stage,
      String doing)
      throws PlatformFailure {
    HttpReply reply = authenticated(account, request, stage);
    if (!reply.isSuccess()) {
      throw failure(reply, doing);
    }
    return reply;
  }

  /**
   * As {@link #call}, but any answer other than a refused token comes back as it is, for readers
   * that must tell "not found" (a deleted post) from other errors.
   */
  HttpReply authenticated(
      Credentials.BlueskyAppPassword account, Function<Session, HttpRequest> request, Stage stage)
      throws PlatformFailure {
    return authenticated(account, request, stage, false);
  }

  /**
   * As {@link #authenticated(Credentials.BlueskyAppPassword, Function, Stage)}, for a chat call
   * ({@code chat}): an app password without access to direct messages is refused one with {@code
   * InvalidToken} too ({@link BlueskyChat#lacksChatAccess}), which is not an expired session, and
   * comes back as it is for the chat to say so.
   */
  HttpReply authenticated(
      Credentials.BlueskyAppPassword account,
      Function<Session, HttpRequest> request,
      Stage stage,
      boolean chat)
      throws PlatformFailure {
    Session session = session(account);
    HttpReply reply = http.send(request.apply(session), stage);
    if (tokenRefused(reply) && !(chat && BlueskyChat.lacksChatAccess(reply))) {
      session = renew(account, session);
      reply = http.send(request.apply(session), stage);
      if (tokenRefused(reply) && !(chat && BlueskyChat.lacksChatAccess(reply))) {
        sessions.remove(account.identifier());
        throw new PlatformFailure(
            new PublishOutcome.NeedsReconnect(
                "Bluesky refused a fresh session (" + errorText(reply) + ")"));
      }
    }
    return reply;
  }

  private Session session(Credentials.BlueskyAppPassword account) throws PlatformFailure {
    Session cached = sessions.get(account.identifier());
    return cached != null ? cached : createSession(account);
  }

  private Session createSession(Credentials.BlueskyAppPassword account) throws PlatformFailure {
    ObjectNode body = Json.object();
    body.put("identifier", account.identifier());
    body.put("password", account.appPassword());
    HttpRequest request =
        http.request("/xrpc/com.atproto.server.createSession")
            .header("Content-Type", PlatformHttp.JSON)
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
            .build();
    HttpReply reply = http.send(request, Stage.PREPARE);
    if (reply.status() == 401 || reply.status() == 400) {
      throw new PlatformFailure(
          new PublishOutcome.NeedsReconnect(
              "Bluesky refused the account's app password (" + errorText(reply) + ")"));
    }
    if (!reply.isSuccess()) {
      throw failure(reply, "signing in");
    }
    return remember(account, reply.json(Stage.PREPARE, NAME));
  }

  private Session renew(Credentials.BlueskyAppPassword account, Session expired)
      throws PlatformFailure {
    HttpRequest request =
        http.request("/xrpc/com.atproto.server.refreshSession")
            .header("Authorization", "Bearer " + expired.refreshJwt())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpReply reply = http.send(request, Stage.PREPARE);
    if (tokenRefused(reply)) {
      sessions.remove(account.identifier());
      return createSession(account);
    }
    if (!reply.isSuccess()) {
      throw failure(reply, "refreshing the session");
    }
    return remember(account, reply.json(Stage.PREPARE, NAME));
  }

  private Session remember(Credentials.BlueskyAppPassword account, JsonNode answer)
      throws PlatformFailure {
    Session session =
        new Session(
            Json.text(answer, "/accessJwt"),
            Json.text(answer, "/refreshJwt"),
            Json.text(answer, "/did"),
            Json.text(answer, "/handle"));
    if (session.accessJwt().isEmpty() || session.did().isEmpty()) {
      throw new PlatformFailure(
          new PublishOutcome.Transient("Bluesky's session answer had no token or account id"));
    }
    sessions.put(account.identifier(), session);
    return session;
  }

  /** Bluesky says 400 ExpiredToken/InvalidToken; some proxies say 401. */
  private static boolean tokenRefused(HttpReply reply) {
    if (reply.status() == 401) {
      return true;
    }
    String error = Json.text(reply.errorJson(), "/error");
    return reply.status() == 400 && (error.equals("ExpiredToken") || error.equals("InvalidToken"));
  }

  PlatformFailure failure(HttpReply reply, String doing) {
    int status = reply.status();
    PublishOutcome outcome;
    if (status == 429) {
      String reason = "Bluesky's rate limit was reached while " + doing;
      outcome =
          RateLimitSignals.epochSeconds(reply.header("RateLimit-Reset"))
              .or(
                  () ->
                      RateLimitSignals.retryAfter(
                          reply.header("Retry-After"), http.settings().clock()))
              .<PublishOutcome>map(until -> new PublishOutcome.RateLimited(until, reason))
              .orElseGet(() -> new PublishOutcome.Transient(reason));
    } else if (status >= 500) {
      outcome =
          new PublishOutcome.Transient(
              "Bluesky had a server error (" + status + ") while " + doing);
    } else {
      outcome = new PublishOutcome.Rejected("Bluesky refused " + doing + ": " + errorText(reply));
    }
    return new PlatformFailure(outcome);
  }

  static String errorText(HttpReply reply) {
    JsonNode error = reply.errorJson();
    String message = Json.text(error, "/message");
    String name = Json.text(error, "/error");
    if (message.isEmpty()) {
      return name.isEmpty() ? "HTTP " + reply.status() : name;
    }
    return message;
  }

  /** {@code at://<did>/app.bsky.feed.post/<rkey>} is shown at bsky.app under the handle. */
  static PublishOutcome.Published published(
      PlatformSettings settings, String atUri, String handle) {
    String rkey = atUri.substring(atUri.lastIndexOf('/') + 1);
    return new PublishOutcome.Published(
        atUri,
        settings.webLink(
            SITE,
            "/profile/" + PlatformHttp.encode(handle) + "/post/" + PlatformHttp.encode(rkey)));
  }

  static Credentials.BlueskyAppPassword appPassword(Credentials credentials) {
    if (credentials instanceof Credentials.BlueskyAppPassword account) {
      return account;
    }
    throw new IllegalArgumentException("credentials: Bluesky needs a BlueskyAppPassword");
  }
}
