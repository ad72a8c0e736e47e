package org.digitalbranch.platform.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.digitalbranch.platform.ContentFingerprint;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.CredentialsListener;
import org.digitalbranch.platform.DuplicateRefusal;
import org.digitalbranch.platform.HttpReply;
import org.digitalbranch.platform.Json;
import org.digitalbranch.platform.LookupResult;
import org.digitalbranch.platform.Multipart;
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
 * X API v2 with an OAuth 2.0 user token: images through {@code POST /2/media/upload} and their alt
 * text through {@code POST /2/media/metadata}, then {@code POST /2/tweets}. An expired token is
 * refreshed once (X rotates the refresh token, so the new pair goes to the {@link
 * CredentialsListener}). X refuses identical text with a 403; that answer is reconciled against the
 * account's recent posts, because it usually means an earlier attempt did go out.
 */
public final class XPlatform implements Platform {

  public static final URI DEFAULT_BASE_URL = URI.create("https://api.x.com");

  /** Where published posts are public, unless the settings give another web base URL. */
  static final String SITE = "https://x.com";

  /** How far back a 403 "duplicate content" is looked for among the account's posts. */
  static final Duration DUPLICATE_WINDOW = Duration.ofDays(1);

  static final int MAX_ALT_TEXT = 1_000;

  private static final String NAME = "X";

  final PlatformHttp http;
  private final CredentialsListener listener;

  public XPlatform(PlatformSettings settings, CredentialsListener listener) {
    this.http = new PlatformHttp(settings, NAME);
    this.listener = listener;
  }

  /** The token one operation uses; replaced when it is refreshed part-way. */
  static final class Token {
    Credentials.XOAuth2 current;
    private boolean refreshed;

    Token(Credentials.XOAuth2 current) {
      this.current = current;
    }
  }

  @Override
  public String id() {
    return "x";
  }

  @Override
  public PublishOutcome publish(PublishRequest request) {
    Token token = new Token(oauth(request.credentials()));
    for (PublishRequest.Image image : request.images()) {
      if (image.altText().length() > MAX_ALT_TEXT) {
        return new PublishOutcome.Rejected(
            "X accepts alt text up to " + MAX_ALT_TEXT + " characters");
      }
    }
    try {
      List<String> mediaIds = new ArrayList<>();
      for (PublishRequest.Image image : request.images()) {
        mediaIds.add(upload(token, image));
      }
      return createPost(token, request, mediaIds);
    } catch (PlatformFailure failure) {
      return failure.outcome();
    }
  }

  private String upload(Token token, PublishRequest.Image image) throws PlatformFailure {
    Multipart body =
        new Multipart()
            .file("media", image.fileName(), image.contentType(), image.bytes())
            .field("media_category", "tweet_image");
    HttpReply uploaded =
        call(
            token,
            credentials ->
                authorized(http.request("/2/media/upload"), credentials)
                    .header("Content-Type", body.contentType())
                    .POST(body.publisher())
                    .build(),
            Stage.PREPARE,
            "uploading an image");
    String mediaId = Json.text(uploaded.json(Stage.PREPARE, NAME), "/data/id");
    if (mediaId.isEmpty()) {
      throw new PlatformFailure(
          new PublishOutcome.Transient("X's answer to an image upload had no media id"));
    }
    ObjectNode metadata = Json.object();
    metadata.put("id", mediaId);
    metadata.putObject("metadata").putObject("alt_text").put("text", image.altText());
    call(
        token,
        credentials ->
            authorized(http.request("/2/media/metadata"), credentials)
                .header("Content-Type", PlatformHttp.JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(metadata)))
                .build(),
        Stage.PREPARE,
        "adding alt text to an image");
    return mediaId;
  }

  private PublishOutcome createPost(Token token, PublishRequest request, List<String> mediaIds)
      throws PlatformFailure {
    ObjectNode body = Json.object();
    body.put("text", request.textWithLink());
    if (!mediaIds.isEmpty()) {
      mediaIds.forEach(body.putObject("media").putArray("media_ids")::add);
    }
    HttpReply reply;
    try {
      reply =
          call(
              token,
              credentials ->
                  authorized(http.request("/2/tweets"), credentials)
                      .header("Content-Type", PlatformHttp.JSON)
                      .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                      .build(),
              Stage.PUBLISH,
              "publishing the post");
    } catch (DuplicateContent duplicate) {
      return reconcileDuplicate(request);
    }
    String id = Json.text(reply.json(Stage.PUBLISH, NAME), "/data/id");
    if (id.isEmpty()) {
      return new PublishOutcome.Unknown(
          "X accepted the post but did not say its id; the post may be live", false);
    }
    return published(http.settings(), id);
  }

  /** X refused identical text: our own lost attempt on a resend, otherwise another post's. */
  private PublishOutcome reconcileDuplicate(PublishRequest request) {
    return DuplicateRefusal.settle(
        this,
        request,
        http.settings().clock().instant(),
        DUPLICATE_WINDOW,
        "X refused the post as a duplicate: this account posted the same text in the last day");
  }

  @Override
  public LookupResult findRecent(PublishRequest request, Instant since) {
    Token token = new Token(oauth(request.credentials()));
    String fingerprint = ContentFingerprint.of(request.textWithLink());
    try {
      String userId = Json.text(me(token), "/data/id");
      String path =
          "/2/users/"
              + PlatformHttp.encode(userId)
              + "/tweets?max_results=20&exclude=replies,retweets&tweet.fields=created_at"
              + "&start_time="
              + since.truncatedTo(ChronoUnit.SECONDS);
      HttpReply reply =
          call(
              token,
              credentials -> authorized(http.request(path), credentials).GET().build(),
              Stage.PREPARE,
              "reading the account's recent posts");
      for (JsonNode post : reply.json(Stage.PREPARE, NAME).path("data")) {
        Optional<Instant> created = Json.instant(post, "/created_at");
        if (created.isPresent()
            && !created.get().isBefore(since)
            && ContentFingerprint.of(Json.text(post, "/text")).equals(fingerprint)) {
          return new LookupResult.Found(published(http.settings(), Json.text(post, "/id")));
        }
      }
      return new LookupResult.NotFound();
    } catch (PlatformFailure failure) {
      return new LookupResult.Failed(failure.outcome());
    }
  }

  @Override
  public Verification verify(Credentials credentials) {
    Token token = new Token(oauth(credentials));
    try {
      JsonNode me = me(token);
      return new Verification.Verified(
          Json.text(me, "/data/id"),
          "@" + Json.text(me, "/data/username"),
          token.current.expiresAt());
    } catch (PlatformFailure failure) {
      return new Verification.Failed(failure.outcome());
    }
  }

  JsonNode me(Token token) throws PlatformFailure {
    HttpReply reply =
        call(
            token,
            credentials -> authorized(http.request("/2/users/me"), credentials).GET().build(),
            Stage.PREPARE,
            "checking the account");
    return reply.json(Stage.PREPARE, NAME);
  }

  /**
   * Sends a request with the current token. A token known to be expired is refreshed first; a 401
   * refreshes it once and sends the request again (a 401 means X did nothing with it).
   */
  HttpReply call(
      Token token, Function<Credentials.XOAuth2, HttpRequest> request, Stage stage, String doing)
      throws PlatformFailure {
    Optional<Instant> expiresAt = token.current.expiresAt();
    if (!token.refreshed
        && expiresAt.isPresent()
        && !expiresAt.get().isAfter(http.settings().clock().instant())) {
      refresh(token);
    }
    HttpReply reply = http.send(request.apply(token.current), stage);
    if (reply.status() == 401 && !token.refreshed) {
      refresh(token);
      reply = http.send(request.apply(token.current), stage);
    }
    if (reply.status() == 401) {
      throw new PlatformFailure(
          new PublishOutcome.NeedsReconnect(
              "X no longer accepts the account's token (" + errorText(reply) + ")"));
    }
    if (reply.status() == 403
        && errorText(reply).toLowerCase(Locale.ROOT).contains("duplicate content")) {
      throw new DuplicateContent();
    }
    if (!reply.isSuccess()) {
      throw failure(reply, doing);
    }
    return reply;
  }

  /** {@code POST /2/oauth2/token} with the refresh token and the app's client id. */
  private void refresh(Token token) throws PlatformFailure {
    token.refreshed = true;
    Credentials.XOAuth2 before = token.current;
    if (before.refreshToken() == null || before.refreshToken().isBlank()) {
      throw new PlatformFailure(
          new PublishOutcome.NeedsReconnect(
              "X's token expired and the account has no refresh token; connect it again with"
                  + " offline access"));
    }
    HttpRequest request =
        http.request("/2/oauth2/token")
            .header("Content-Type", PlatformHttp.FORM)
            .POST(
                PlatformHttp.form(
                    List.of(
                        Map.entry("grant_type", "refresh_token"),
                        Map.entry("refresh_token", before.refreshToken()),
                        Map.entry("client_id", before.clientId()))))
            .build();
    HttpReply reply = http.send(request, Stage.PREPARE);
    if (reply.status() == 400 || reply.status() == 401) {
      throw new PlatformFailure(
          new PublishOutcome.NeedsReconnect(
              "X refused to renew the account's token (" + errorText(reply) + ")"));
    }
    if (!reply.isSuccess()) {
      throw failure(reply, "renewing the account's token");
    }
    JsonNode answer = reply.json(Stage.PREPARE, NAME);
    String accessToken = Json.text(answer, "/access_token");
    if (accessToken.isEmpty()) {
      throw new PlatformFailure(
          new PublishOutcome.Transient("X's token renewal answer had no access token"));
    }
    String refreshToken = Json.text(answer, "/refresh_token");
    long expiresIn = answer.path("expires_in").asLong(0);
    Credentials.XOAuth2 after =
        new Credentials.XOAuth2(
            accessToken,
            refreshToken.isEmpty() ? before.refreshToken() : refreshToken,
            before.clientId(),
            expiresIn > 0
                ? Optional.of(http.settings().clock().instant().plusSeconds(expiresIn))
                : Optional.empty());
    token.current = after;
    listener.refreshed(before, after);
  }

  PlatformFailure failure(HttpReply reply, String doing) {
    int status = reply.status();
    PublishOutcome outcome;
    if (status == 429) {
      String reason = "X's rate limit was reached while " + doing + " (" + errorText(reply) + ")";
      outcome =
          rateLimitReset(reply)
              .<PublishOutcome>map(until -> new PublishOutcome.RateLimited(until, reason))
              .orElseGet(() -> new PublishOutcome.Transient(reason));
    } else if (status >= 500) {
      outcome =
          new PublishOutcome.Transient("X had a server error (" + status + ") while " + doing);
    } else {
      outcome = new PublishOutcome.Rejected("X refused " + doing + ": " + errorText(reply));
    }
    return new PlatformFailure(outcome);
  }

  /**
   * The 15-minute window's {@code x-rate-limit-reset}, unless a 24-hour cap is the one used up,
   * whose reset is later.
   */
  private Optional<Instant> rateLimitReset(HttpReply reply) {
    for (String cap : List.of("x-user-limit-24hour", "x-app-limit-24hour")) {
      if (reply.header(cap + "-remaining").map(String::trim).filter("0"::equals).isPresent()) {
        Optional<Instant> reset = RateLimitSignals.epochSeconds(reply.header(cap + "-reset"));
        if (reset.isPresent()) {
          return reset;
        }
      }
    }
    return RateLimitSignals.epochSeconds(reply.header("x-rate-limit-reset"))
        .or(
            () ->
                RateLimitSignals.retryAfter(reply.header("Retry-After"), http.settings().clock()));
  }

  /**
   * X answers in problem+json ({@code detail}), the v1.1 shape ({@code errors[].message}) or
   * OAuth's.
   */
  static String errorText(HttpReply reply) {
    JsonNode error = reply.errorJson();
    for (String pointer :
        List.of(
            "/detail", "/errors/0/message", "/errors/0/detail", "/error_description", "/title")) {
      String text = Json.text(error, pointer);
      if (!text.isEmpty()) {
        return text;
      }
    }
    return "HTTP " + reply.status();
  }

  static PublishOutcome.Published published(PlatformSettings settings, String id) {
    return new PublishOutcome.Published(
        id, settings.webLink(SITE, "/i/web/status/" + PlatformHttp.encode(id)));
  }

  static HttpRequest.Builder authorized(
      HttpRequest.Builder builder, Credentials.XOAuth2 credentials) {
    return builder.header("Authorization", "Bearer " + credentials.accessToken());
  }

  static Credentials.XOAuth2 oauth(Credentials credentials) {
    if (credentials instanceof Credentials.XOAuth2 oauth) {
      return oauth;
    }
    throw new IllegalArgumentException("credentials: X needs XOAuth2 credentials");
  }

  /** X's 403 for text it has already seen; nothing new was posted. */
  static final class DuplicateContent extends PlatformFailure {
    private DuplicateContent() {
      super(new PublishOutcome.Rejected("X refused the post as duplicate content"));
    }
  }
}
