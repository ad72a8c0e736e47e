package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.platform.sandbox.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BlueskySandboxTest {
  private static Sandbox sandbox;
  private static String xrpc;

  @BeforeAll
  static void start() {
    sandbox = Seeded.start();
    xrpc = sandbox.baseUrl(SandboxPlatform.BLUESKY) + "/xrpc/";
  }

  @AfterAll
  static void stop() {
    sandbox.stop();
  }

  @AfterEach
  void nothingFails() {
    sandbox.fail(SandboxPlatform.BLUESKY, FailureMode.NONE);
  }

  private static JsonNode session() {
    SandboxAccount account = sandbox.account(SandboxPlatform.BLUESKY);
    Http.Response response =
        Http.postJson(
            xrpc + "com.atproto.server.createSession",
            Map.of(
                "identifier", account.credentials().get("identifier"),
                "password", account.credentials().get("password")));
    assertThat(response.status()).isEqualTo(200);
    return response.json();
  }

  private static String access() {
    return session().get("accessJwt").asText();
  }

  @Test
  void anAppPasswordOpensASessionThatGetSessionRecognises() {
    JsonNode session = session();

    Http.Response check =
        Http.get(
            xrpc + "com.atproto.server.getSession",
            "Authorization",
            bearer(session.get("accessJwt").asText()));

    assertThat(session.get("did").asText()).isEqualTo(BlueskyApi.DID);
    assertThat(session.get("accessJwt").asText().split("\\.")).hasSize(3);
    assertThat(check.status()).isEqualTo(200);
    assertThat(check.json().get("handle").asText()).isEqualTo(BlueskyApi.IDENTIFIER);
  }

  @Test
  void aWrongPasswordIsRefusedWith401() {
    Http.Response response =
        Http.postJson(
            xrpc + "com.atproto.server.createSession",
            Map.of("identifier", BlueskyApi.IDENTIFIER, "password", "guess"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().get("error").asText()).isEqualTo("AuthenticationRequired");
  }

  @Test
  void anImagePostWithALinkFacetIsCreatedAndShowsInTheAuthorFeed() {
    String token = access();
    Http.Response blob =
        Http.postBytes(
            xrpc + "com.atproto.repo.uploadBlob",
            "image/png",
            new byte[] {9, 8, 7},
            "Authorization",
            bearer(token));
    assertThat(blob.status()).isEqualTo(200);
    JsonNode image = blob.json().get("blob");
    assertThat(image.get("$type").asText()).isEqualTo("blob");
    assertThat(image.get("size").asInt()).isEqualTo(3);
    String text = "Seed library opens 🌱 riverside.example/seeds";
    int start = text.getBytes(StandardCharsets.UTF_8).length - "riverside.example/seeds".length();
    Map<String, Object> record =
        Map.of(
            "$type", "app.bsky.feed.post",
            "text", text,
            "createdAt", Instant.now().toString(),
            "facets",
                List.of(
                    Map.of(
                        "index",
                        Map.of("byteStart", start, "byteEnd", start + 23),
                        "features",
                        List.of(
                            Map.of(
                                "$type", "app.bsky.richtext.facet#link",
                                "uri", "https://riverside.example/seeds")))),
            "embed",
                Map.of(
                    "$type",
                    "app.bsky.embed.images",
                    "images",
                    List.of(Map.of("alt", "Seed packets in a card catalog", "image", image))));

    Http.Response created =
        Http.postJson(
            xrpc + "com.atproto.repo.createRecord",
            Map.of("repo", BlueskyApi.DID, "collection", "app.bsky.feed.post", "record", record),
            "Authorization",
            bearer(token));

    assertThat(created.status()).isEqualTo(200);
    String uri = created.json().get("uri").asText();
    assertThat(uri).startsWith("at://" + BlueskyApi.DID + "/app.bsky.feed.post/");
    assertThat(created.json().get("cid").asText()).startsWith("bafyrei");
    JsonNode feed =
        Http.get(
                xrpc + "app.bsky.feed.getAuthorFeed?actor=" + BlueskyApi.DID + "&limit=5",
                "Authorization",
                bearer(token))
            .json();
    JsonNode post = feed.get("feed").get(0).get("post");
    assertThat(post.get("uri").asText()).isEqualTo(uri);
    assertThat(post.get("record").get("facets").get(0).get("index").get("byteStart").asInt())
        .isEqualTo(start);
    assertThat(post.get("embed").get("images").get(0).get("alt").asText())
        .isEqualTo("Seed packets in a card catalog");
    String rkey = uri.substring(uri.lastIndexOf('/') + 1);
    Http.Response page =
        Http.get(
            sandbox.baseUrl(SandboxPlatform.BLUESKY)
                + "/profile/"
                + BlueskyApi.IDENTIFIER
                + "/post/"
                + rkey);
    assertThat(page.body()).contains("Sandbox Bluesky — post " + rkey + ": " + text);
  }

  @Test
  void aPostOver300GraphemesIsRefusedAsTheLexiconSays() {
    Http.Response response =
        Http.postJson(
            xrpc + "com.atproto.repo.createRecord",
            Map.of(
                "repo",
                BlueskyApi.DID,
                "collection",
                "app.bsky.feed.post",
                "record",
                Map.of("text", "👍🏽".repeat(301), "createdAt", Instant.now().toString())),
            "Authorization",
            bearer(access()));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asText())
        .isEqualTo(
            "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes");
  }

  @Test
  void anAspectRatioBelowOnePixelIsRefusedAsTheLexiconSays() {
    String token = access();
    JsonNode image =
        Http.postBytes(
                xrpc + "com.atproto.repo.uploadBlob",
                "image/png",
                new byte[] {9, 8, 7},
                "Authorization",
                bearer(token))
            .json()
            .get("blob");
    Map<String, Object> embed =
        Map.of(
            "$type",
            "app.bsky.embed.images",
            "images",
            List.of(
                Map.of(
                    "alt",
                    "A reading nook",
                    "image",
                    image,
                    "aspectRatio",
                    Map.of("width", 0, "height", 900))));

    Http.Response response =
        Http.postJson(
            xrpc + "com.atproto.repo.createRecord",
            Map.of(
                "repo",
                BlueskyApi.DID,
                "collection",
                "app.bsky.feed.post",
                "record",
                Map.of("text", "Nook", "createdAt", Instant.now().toString(), "embed", embed)),
            "Authorization",
            bearer(token));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asText())
        .isEqualTo(
            "Invalid app.bsky.feed.post record: Record/embed/images/0/aspectRatio/width can not be"
                + " less than 1");
  }

  @Test
  void notificationsPageByCursorToExactlyTheSeededMentionsAndReplies() {
    // Chat messages are no posts: they never notify.
    long expected =
        Seeded.conversations(SandboxPlatform.BLUESKY).stream()
            .filter(conversation -> !conversation.direct())
            .flatMap(conversation -> conversation.messages().stream())
            .filter(message -> !message.author().staff() && !message.deleted())
            .count();
    String token = access();
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      String url =
          xrpc
              + "app.bsky.notification.listNotifications?limit=9&reasons=mention,reply"
              + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = Http.get(url, "Authorization", bearer(token)).json();
      for (JsonNode notification : page.get("notifications")) {
        assertThat(notification.get("reason").asText()).isIn("mention", "reply");
        assertThat(notification.get("record").get("$type").asText())
            .isEqualTo("app.bsky.feed.post");
        assertThat(seen.add(notification.get("uri").asText())).isTrue();
        if (Instant.parse(notification.get("indexedAt").asText()).isAfter(Seeded.UNTIL)) {
          seen.remove(notification.get("uri").asText()); // added by another test, not seeded
        }
      }
      cursor = page.has("cursor") ? page.get("cursor").asText() : null;
      pages++;
    } while (cursor != null);

    assertThat(expected).isGreaterThan(20);
    assertThat(seen).hasSize((int) expected);
    assertThat(pages).isGreaterThan(3);
  }

  @Test
  void aReplyWhoseParentWasDeletedShowsTheParentAsNotFoundPost() {
    String token = access();
    JsonNode post =
        Http.postJson(
                xrpc + "com.atproto.repo.createRecord",
                Map.of(
                    "repo",
                    BlueskyApi.DID,
                    "collection",
                    "app.bsky.feed.post",
                    "record",
                    Map.of(
                        "text",
                        "Which book should we read in March?",
                        "createdAt",
                        "2026-11-20T10:00:00Z")),
                "Authorization",
                bearer(token))
            .json();
    String postUri = post.get("uri").asText();
    String rkey = postUri.substring(postUri.lastIndexOf('/') + 1);
    sandbox.customerReply(SandboxPlatform.BLUESKY, rkey, "Braiding Sweetgrass, please!");
    Http.postJson(
        xrpc + "com.atproto.repo.deleteRecord",
        Map.of("repo", BlueskyApi.DID, "collection", "app.bsky.feed.post", "rkey", rkey),
        "Authorization",
        bearer(token));
    JsonNode notification =
        Http.get(
                xrpc + "app.bsky.notification.listNotifications?limit=1",
                "Authorization",
                bearer(token))
            .json()
            .get("notifications")
            .get(0);
    assertThat(notification.get("reason").asText()).isEqualTo("reply");
    assertThat(notification.get("record").get("reply").get("parent").get("uri").asText())
        .isEqualTo(postUri);

    JsonNode thread = thread(notification.get("uri").asText(), token);
    JsonNode deleted = thread(postUri, token);

    assertThat(thread.get("$type").asText()).isEqualTo("app.bsky.feed.defs#threadViewPost");
    assertThat(thread.get("post").get("record").get("text").asText())
        .isEqualTo("Braiding Sweetgrass, please!");
    assertThat(thread.get("parent").get("$type").asText())
        .isEqualTo("app.bsky.feed.defs#notFoundPost");
    assertThat(thread.get("parent").get("uri").asText()).isEqualTo(postUri);
    assertThat(deleted.get("$type").asText()).isEqualTo("app.bsky.feed.defs#notFoundPost");
    assertThat(deleted.get("notFound").asBoolean()).isTrue();
  }

  @Test
  void aSeededThreadShowsTheLibrarysAnswerAsAReply() {
    GeneratedConversation answered =
        Seeded.conversations(SandboxPlatform.BLUESKY).stream()
            .filter(c -> c.root().kind() == MessageKind.MENTION && c.messages().size() == 2)
            .filter(c -> c.messages().get(1).author().staff())
            .findFirst()
            .orElseThrow();
    String token = access();
    JsonNode mention = null;
    String cursor = null;
    do {
      JsonNode page =
          Http.get(
                  xrpc
                      + "app.bsky.notification.listNotifications?limit=100&reasons=mention"
                      + (cursor == null ? "" : "&cursor=" + cursor),
                  "Authorization",
                  bearer(token))
              .json();
      for (JsonNode notification : page.get("notifications")) {
        if (notification.get("record").get("text").asText().equals(answered.root().currentText())) {
          mention = notification;
        }
      }
      cursor = page.has("cursor") ? page.get("cursor").asText() : null;
    } while (cursor != null && mention == null);

    JsonNode thread = thread(mention.get("uri").asText(), token);

    assertThat(thread.get("replies")).hasSize(1);
    JsonNode reply = thread.get("replies").get(0).get("post");
    assertThat(reply.get("author").get("did").asText()).isEqualTo(BlueskyApi.DID);
    assertThat(reply.get("record").get("text").asText())
        .isEqualTo(answered.messages().get(1).text());
    assertThat(reply.get("record").get("reply").get("root").get("uri").asText())
        .isEqualTo(mention.get("uri").asText());
  }

  private static JsonNode thread(String uri, String token) {
    return Http.get(
            xrpc
                + "app.bsky.feed.getPostThread?uri="
                + URLEncoder.encode(uri, StandardCharsets.UTF_8),
            "Authorization",
            bearer(token))
        .json()
        .get("thread");
  }

  @Test
  void anExpiredAccessTokenIsRefreshedWithTheRefreshJwtAsBearer() {
    JsonNode session = session();
    sandbox.fail(SandboxPlatform.BLUESKY, FailureMode.EXPIRED_TOKEN);

    Http.Response expired =
        Http.get(
            xrpc + "com.atproto.server.getSession",
            "Authorization",
            bearer(session.get("accessJwt").asText()));
    Http.Response refreshed =
        Http.postBytes(
            xrpc + "com.atproto.server.refreshSession",
            "application/json",
            new byte[0],
            "Authorization",
            bearer(session.get("refreshJwt").asText()));
    Http.Response again =
        Http.get(
            xrpc + "com.atproto.server.getSession",
            "Authorization",
            bearer(refreshed.json().get("accessJwt").asText()));

    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.json().get("error").asText()).isEqualTo("ExpiredToken");
    assertThat(expired.json().get("message").asText()).isEqualTo("Token has expired");
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
  }

  @Test
  void aRevokedAccountCannotRefreshNorOpenANewSession() {
    JsonNode session = session();
    sandbox.fail(SandboxPlatform.BLUESKY, FailureMode.REVOKED_TOKEN);

    Http.Response refresh =
        Http.postBytes(
            xrpc + "com.atproto.server.refreshSession",
            "application/json",
            new byte[0],
            "Authorization",
            bearer(session.get("refreshJwt").asText()));
    Http.Response login =
        Http.postJson(
            xrpc + "com.atproto.server.createSession",
            Map.of("identifier", BlueskyApi.IDENTIFIER, "password", BlueskyApi.APP_PASSWORD));

    assertThat(refresh.status()).isEqualTo(400);
    assertThat(refresh.json().get("message").asText()).isEqualTo("Token has been revoked");
    assertThat(login.status()).isEqualTo(401);
  }

  @Test
  void rateLimitOnceAnswers429WithAnEpochResetThenPublishes() {
    String token = access();
    sandbox.fail(SandboxPlatform.BLUESKY, FailureMode.RATE_LIMIT_ONCE);
    Map<String, Object> body =
        Map.of(
            "repo",
            BlueskyApi.DID,
            "collection",
            "app.bsky.feed.post",
            "record",
            Map.of(
                "text", "Closed Thursday for Thanksgiving", "createdAt", Instant.now().toString()));

    Http.Response limited =
        Http.postJson(xrpc + "com.atproto.repo.createRecord", body, "Authorization", bearer(token));
    Http.Response retried =
        Http.postJson(xrpc + "com.atproto.repo.createRecord", body, "Authorization", bearer(token));

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().get("error").asText()).isEqualTo("RateLimitExceeded");
    assertThat(Long.parseLong(limited.header("RateLimit-Reset")))
        .isGreaterThan(Instant.now().getEpochSecond());
    assertThat(limited.header("RateLimit-Policy")).isEqualTo("5000;w=3600");
    assertThat(retried.status()).isEqualTo(200);
  }

  @Test
  void serverErrorOnceAnswers503() {
    sandbox.fail(SandboxPlatform.BLUESKY, FailureMode.SERVER_ERROR_ONCE);

    Http.Response failed =
        Http.postJson(
            xrpc + "com.atproto.repo.createRecord",
            Map.of(
                "repo",
                BlueskyApi.DID,
                "collection",
                "app.bsky.feed.post",
                "record",
                Map.of("text", "Hello", "createdAt", Instant.now().toString())),
            "Authorization",
            bearer(access()));

    assertThat(failed.status()).isEqualTo(503);
  }
}
