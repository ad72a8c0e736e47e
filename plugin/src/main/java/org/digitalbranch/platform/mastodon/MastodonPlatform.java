package org.digitalbranch.platform.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.digitalbranch.platform.ContentFingerprint;
import org.digitalbranch.platform.Credentials;
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
 * Mastodon's REST API: images through {@code POST /api/v2/media} (polling while the server
 * processes them), then {@code POST /api/v1/statuses} with an {@code Idempotency-Key}, which the
 * server remembers for an hour so that a retry after a lost answer returns the same status.
 */
public final class MastodonPlatform implements Platform {

  private static final String NAME = "Mastodon";

  final PlatformHttp http;

  public MastodonPlatform(PlatformSettings settings) {
    this.http = new PlatformHttp(settings, NAME);
  }

  @Override
  public String id() {
    return "mastodon";
  }

  @Override
  public PublishOutcome publish(PublishRequest request) {
    Credentials.MastodonToken token = token(request.credentials());
    try {
      List<String> mediaIds = new ArrayList<>();
      for (PublishRequest.Image image : request.images()) {
        mediaIds.add(upload(token, image));
      }
      return postStatus(token, request, mediaIds);
    } catch (PlatformFailure failure) {
      return failure.outcome();
    }
  }

  private String upload(Credentials.MastodonToken token, PublishRequest.Image image)
      throws PlatformFailure {
    Multipart body =
        new Multipart()
            .file("file", image.fileName(), image.contentType(), image.bytes())
            .field("description", image.altText());
    HttpRequest request =
        authorized(http.request("/api/v2/media"), token)
            .header("Content-Type", body.contentType())
            .POST(body.publisher())
            .build();
    HttpReply reply = http.send(request, Stage.PREPARE);
    if (!reply.isSuccess()) {
      throw failure(reply, "uploading an image");
    }
    JsonNode media = reply.json(Stage.PREPARE, NAME);
    String id = Json.text(media, "/id");
    if (reply.status() == 202 || Json.text(media, "/url").isEmpty()) {
      awaitProcessing(token, id);
    }
    return id;
  }

  /** A 202 upload is processed in the background: poll until the attachment has its URL. */
  private void awaitProcessing(Credentials.MastodonToken token, String mediaId)
      throws PlatformFailure {
    PlatformSettings settings = http.settings();
    for (int attempt = 1; attempt <= settings.pollAttempts(); attempt++) {
      pause(settings.pollInterval());
      HttpRequest request =
          authorized(http.request("/api/v1/media/" + PlatformHttp.encode(mediaId)), token)
              .GET()
              .build();
      HttpReply reply = http.send(request, Stage.PREPARE);
      if (reply.status() == 200 && !Json.text(reply.json(Stage.PREPARE, NAME), "/url").isEmpty()) {
        return;
      }
      if (reply.status() == 422) {
        throw new PlatformFailure(
            new PublishOutcome.Rejected(
                "Mastodon could not process the image: " + errorText(reply)));
      }
      if (reply.status() != 200 && reply.status() != 206) {
        throw failure(reply, "checking an uploaded image");
      }
    }
    throw new PlatformFailure(
        new PublishOutcome.Transient(
            "Mastodon was still processing the image after "
                + settings.pollAttempts()
                + " checks"));
  }

  private PublishOutcome postStatus(
      Credentials.MastodonToken token, PublishRequest post, List<String> mediaIds)
      throws PlatformFailure {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    fields.add(Map.entry("status", post.textWithLink()));
    for (String mediaId : mediaIds) {
      fields.add(Map.entry("media_ids[]", mediaId));
    }
    HttpRequest request =
        authorized(http.request("/api/v1/statuses"), token)
            .header("Content-Type", PlatformHttp.FORM)
            .header("Idempotency-Key", post.idempotencyKey())
            .POST(PlatformHttp.form(fields))
            .build();
    try {
      HttpReply reply = http.send(request, Stage.PUBLISH);
      if (!reply.isSuccess()) {
        throw failure(reply, "publishing the post");
      }
      return published(reply.json(Stage.PUBLISH, NAME));
    } catch (PlatformFailure failure) {
      if (failure.outcome() instanceof PublishOutcome.Unknown unknown) {
        return new PublishOutcome.Unknown(
            unknown.reason()
                + ". Retrying within an hour with the same Idempotency-Key is safe:"
                + " Mastodon returns the existing post instead of posting twice.",
            true);
      }
      throw failure;
    }
  }

  @Override
  public LookupResult findRecent(PublishRequest request, Instant since) {
    Credentials.MastodonToken token = token(request.credentials());
    String fingerprint = ContentFingerprint.of(request.textWithLink());
    try {
      JsonNode account = verifyCredentials(token);
      HttpRequest statusesRequest =
          authorized(
                  http.request(
                      "/api/v1/accounts/"
                          + PlatformHttp.encode(Json.text(account, "/id"))
                          + "/statuses?limit=40&exclude_replies=true&exclude_reblogs=true"),
                  token)
              .GET()
              .build();
      HttpReply reply = http.send(statusesRequest, Stage.PREPARE);
      if (!reply.isSuccess()) {
        throw failure(reply, "reading the account's recent posts");
      }
      for (JsonNode status : reply.json(Stage.PREPARE, NAME)) {
        Optional<Instant> created = Json.instant(status, "/created_at");
        if (created.isPresent()
            && !created.get().isBefore(since)
            && ContentFingerprint.of(plainText(Json.text(status, "/content")))
                .equals(fingerprint)) {
          return new LookupResult.Found(published(status));
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
      JsonNode account = verifyCredentials(token(credentials));
      return new Verification.Verified(
          Json.text(account, "/id"), "@" + Json.text(account, "/acct"), Optional.empty());
    } catch (PlatformFailure failure) {
      return new Verification.Failed(failure.outcome());
    }
  }

  /**
   * The server's {@code configuration.statuses.max_characters} from {@code GET /api/v2/instance}:
   * servers set their own (500 on a stock one). Empty when the server does not answer or say.
   */
  @Override
  public OptionalInt characterLimit(Credentials credentials) {
    try {
      HttpRequest request =
          authorized(http.request("/api/v2/instance"), token(credentials)).GET().build();
      HttpReply reply = http.send(request, Stage.PREPARE);
      if (!reply.isSuccess()) {
        return OptionalInt.empty();
      }
      JsonNode limit = reply.json(Stage.PREPARE, NAME).at("/configuration/statuses/max_characters");
      return limit.canConvertToInt() && limit.intValue() > 0
          ? OptionalInt.of(limit.intValue())
          : OptionalInt.empty();
    } catch (PlatformFailure failure) {
      return OptionalInt.empty();
    }
  }

  private JsonNode verifyCredentials(Credentials.MastodonToken token) throws PlatformFailure {
    HttpRequest request =
        authorized(http.request("/api/v1/accounts/verify_credentials"), token).GET().build();
    HttpReply reply = http.send(request, Stage.PREPARE);
    if (!reply.isSuccess()) {
      throw failure(reply, "checking the account");
    }
    return reply.json(Stage.PREPARE, NAME);
  }

  private static PublishOutcome.Published published(JsonNode status) {
    String url = Json.text(status, "/url");
    if (url.isEmpty()) {
      url = Json.text(status, "/uri");
    }
    return new PublishOutcome.Published(
        Json.text(status, "/id"), PublishOutcome.Published.link(url));
  }

  /** Maps Mastodon's error answers ({@code {"error": "..."}}) to outcomes. */
  PlatformFailure failure(HttpReply reply, String doing) {
    int status = reply.status();
    String message = errorText(reply);
    PublishOutcome outcome;
    if (status == 429) {
      Optional<Instant> until =
          RateLimitSignals.isoInstant(reply.header("X-RateLimit-Reset"))
              .or(
                  () ->
                      RateLimitSignals.retryAfter(
                          reply.header("Retry-After"), http.settings().clock()));
      outcome =
          until
              .<PublishOutcome>map(
                  instant ->
                      new PublishOutcome.RateLimited(
                          instant, "Mastodon's rate limit was reached while " + doing))
              .orElseGet(
                  () ->
                      new PublishOutcome.Transient(
                          "Mastodon's rate limit was reached while " + doing));
    } else if (status == 401 || status == 403) {
      outcome =
          new PublishOutcome.NeedsReconnect(
              "Mastodon no longer accepts this account's access token (" + message + ")");
    } else if (status >= 500) {
      outcome =
          new PublishOutcome.Transient(
              "Mastodon had a server error (" + status + ") while " + doing);
    } else {
      outcome = new PublishOutcome.Rejected("Mastodon refused " + doing + ": " + message);
    }
    return new PlatformFailure(outcome);
  }

  static String errorText(HttpReply reply) {
    String message = Json.text(reply.errorJson(), "/error");
    return message.isEmpty() ? "HTTP " + reply.status() : message;
  }

  static HttpRequest.Builder authorized(
      HttpRequest.Builder builder, Credentials.MastodonToken token) {
    return builder.header("Authorization", "Bearer " + token.accessToken());
  }

  static Credentials.MastodonToken token(Credentials credentials) {
    if (credentials instanceof Credentials.MastodonToken token) {
      return token;
    }
    throw new IllegalArgumentException("credentials: Mastodon needs a MastodonToken");
  }

  /**
   * Mastodon returns a status's text as HTML; the fingerprint and the archive need its words: a
   * line break ({@code <br>}, {@code <br />}, {@code </p>}) becomes a newline, every other tag
   * goes, and the five entities Mastodon escapes are decoded, the ampersand's last (so the markup
   * "&amp;amp;lt;" reads "&amp;lt;").
   *
   * <p>Three plain passes rather than two regular expressions and five replacements: this runs for
   * every status the archive ingests, and the expressions were a tenth of the ingest's parsing
   * (docs/benchmarks.md, sixteenth session). MastodonPlatformTest checks it against the expressions
   * on random markup.
   */
  static String plainText(String html) {
    if (html.indexOf('<') >= 0) {
      html = withoutTags(withLineBreaks(html));
    }
    return html.indexOf('&') >= 0 ? decoded(html) : html;
  }

  /** {@code (?i)<br\s*\/?>|</p>} replaced by a newline, left to right. */
  private static String withLineBreaks(String html) {
    StringBuilder text = new StringBuilder(html.length());
    int length = html.length();
    for (int i = 0; i < length; i++) {
      char c = html.charAt(i);
      int end = c == '<' ? lineBreakEnd(html, i) : -1;
      if (end < 0) {
        text.append(c);
      } else {
        text.append('\n');
        i = end - 1;
      }
    }
    return text.toString();
  }

  /**
   * Where a line-break tag starting at {@code at} ends (exclusive), or -1 when none starts there.
   */
  private static int lineBreakEnd(String html, int at) {
    int length = html.length();
    if (html.regionMatches(true, at, "<br", 0, 3)) {
      int i = at + 3;
      while (i < length && isRegexSpace(html.charAt(i))) {
        i++;
      }
      if (i < length && html.charAt(i) == '/') {
        i++;
      }
      if (i < length && html.charAt(i) == '>') {
        return i + 1;
      }
    }
    return html.regionMatches(true, at, "</p>", 0, 4) ? at + 4 : -1;
  }

  /** What {@code \\s} matches in a Java regular expression without UNICODE_CHARACTER_CLASS. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** {@code <[^>]*>} removed, left to right: a {@code <} with no {@code >} after it stays. */
  private static String withoutTags(String html) {
    StringBuilder text = new StringBuilder(html.length());
    int i = 0;
    while (i < html.length()) {
      int open = html.indexOf('<', i);
      int close = open < 0 ? -1 : html.indexOf('>', open + 1);
      if (close < 0) {
        text.append(html, i, html.length());
        break;
      }
      text.append(html, i, open);
      i = close + 1;
    }
    return text.toString();
  }

  private static final String[] ENTITIES = {"&lt;", "&gt;", "&quot;", "&#39;", "&amp;"};

  private static final char[] DECODED = {'<', '>', '"', '\'', '&'};

  /**
   * The five entities decoded in one pass. The same as replacing each in turn, the ampersand's
   * last: every entity starts with an ampersand and holds no other, so occurrences never overlap,
   * and no decoded character starts a new one.
   */
  private static String decoded(String html) {
    StringBuilder text = new StringBuilder(html.length());
    int length = html.length();
    next:
    for (int i = 0; i < length; i++) {
      char c = html.charAt(i);
      if (c == '&') {
        for (int e = 0; e < ENTITIES.length; e++) {
          if (html.startsWith(ENTITIES[e], i)) {
            text.append(DECODED[e]);
            i += ENTITIES[e].length() - 1;
            continue next;
          }
        }
      }
      text.append(c);
    }
    return text.toString();
  }

  private static void pause(Duration interval) throws PlatformFailure {
    try {
      Thread.sleep(interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformFailure(
          new PublishOutcome.Transient("stopped while Mastodon processed the image"));
    }
  }
}
