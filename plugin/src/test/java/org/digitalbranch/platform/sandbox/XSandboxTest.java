package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.platform.sandbox.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class XSandboxTest {
  private static Sandbox sandbox;
  private static String api;
  private static final String[] AUTH = {"Authorization", bearer(XApi.FIRST_ACCESS_TOKEN)};

  @BeforeAll
  static void start() {
    sandbox = Seeded.start();
    api = sandbox.baseUrl(SandboxPlatform.X) + "/2/";
  }

  @AfterAll
  static void stop() {
    sandbox.stop();
  }

  @AfterEach
  void nothingFails() {
    sandbox.fail(SandboxPlatform.X, FailureMode.NONE);
  }

  @Test
  void usersMeAnswersTheLibrarysAccount() {
    Http.Response me = Http.get(api + "users/me", AUTH);

    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("data").get("id").asText()).isEqualTo(XApi.USER_ID);
    assertThat(me.json().get("data").get("username").asText()).isEqualTo(XApi.USERNAME);
  }

  @Test
  void anImageWithAltTextIsPostedAndAnswers201() {
    Http.Response upload =
        Http.postMultipart(
            api + "media/upload",
            "media",
            new byte[] {1, 2, 3},
            new String[] {"media_category", "tweet_image"},
            AUTH);
    String mediaId = upload.json().get("data").get("id").asText();
    Http.Response metadata =
        Http.postJson(
            api + "media/metadata",
            Map.of(
                "id", mediaId, "metadata", Map.of("alt_text", Map.of("text", "Teens at Lego Lab"))),
            AUTH);

    Http.Response created =
        Http.postJson(
            api + "tweets",
            Map.of(
                "text",
                "Lego Lab was a blast!",
                "media",
                Map.of("media_ids", new String[] {mediaId})),
            AUTH);

    assertThat(upload.status()).isEqualTo(200);
    assertThat(upload.json().get("data").get("media_key").asText()).isEqualTo("3_" + mediaId);
    assertThat(metadata.status()).isEqualTo(200);
    assertThat(created.status()).isEqualTo(201);
    JsonNode data = created.json().get("data");
    assertThat(data.get("text").asText()).isEqualTo("Lego Lab was a blast!");
    assertThat(data.get("edit_history_tweet_ids").get(0).asText())
        .isEqualTo(data.get("id").asText());
    assertThat(created.header("x-rate-limit-remaining")).isEqualTo("99");
    PublishedPost published =
        sandbox.published(SandboxPlatform.X).stream()
            .filter(post -> post.id().equals(data.get("id").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(published.url())
        .isEqualTo(sandbox.baseUrl(SandboxPlatform.X) + "/riversidelib/status/" + published.id());
    assertThat(Http.get(published.url()).body())
        .contains("Sandbox X — post " + published.id() + ": Lego Lab was a blast!");
  }

  @Test
  void theSameTextTwiceIsForbiddenAsDuplicateContent() {
    Map<String, Object> body = Map.of("text", "Holiday hours are on our website");

    Http.Response first = Http.postJson(api + "tweets", body, AUTH);
    Http.Response second = Http.postJson(api + "tweets", body, AUTH);

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(403);
    assertThat(second.json().get("detail").asText())
        .isEqualTo("You are not allowed to create a Tweet with duplicate content.");
    assertThat(second.json().get("title").asText()).isEqualTo("Forbidden");
  }

  @Test
  void theUserTimelineFindsAPostForReconciliation() {
    Http.postJson(api + "tweets", Map.of("text", "Museum passes for December are live"), AUTH);

    JsonNode timeline =
        Http.get(
                api + "users/" + XApi.USER_ID + "/tweets?max_results=5&tweet.fields=created_at",
                AUTH)
            .json();

    assertThat(timeline.get("data").get(0).get("text").asText())
        .isEqualTo("Museum passes for December are live");
    assertThat(timeline.get("data").get(0).has("created_at")).isTrue();
  }

  @Test
  void mentionsPageByPaginationTokenToExactlyTheSeededMentions() {
    long expected =
        Seeded.count(SandboxPlatform.X, message -> !message.author().staff() && !message.deleted());
    Set<String> seen = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      JsonNode page =
          Http.get(
                  api
                      + "users/"
                      + XApi.USER_ID
                      + "/mentions?max_results=10&tweet.fields=created_at,conversation_id,author_id"
                      + (token == null ? "" : "&pagination_token=" + token),
                  AUTH)
              .json();
      int count = 0;
      for (JsonNode post : page.path("data")) {
        assertThat(post.has("conversation_id")).isTrue();
        if (!Instant.parse(post.get("created_at").asText()).isAfter(Seeded.UNTIL)) {
          assertThat(seen.add(post.get("id").asText())).isTrue();
        }
        count++;
      }
      assertThat(page.get("meta").get("result_count").asInt()).isEqualTo(count);
      token =
          page.get("meta").has("next_token") ? page.get("meta").get("next_token").asText() : null;
      pages++;
    } while (token != null);

    assertThat(expected).isGreaterThan(20);
    assertThat(seen).hasSize((int) expected);
    assertThat(pages).isGreaterThan(3);
  }

  @Test
  void sinceIdAnswersOnlyNewerMentions() {
    JsonNode newest =
        Http.get(api + "users/" + XApi.USER_ID + "/mentions?max_results=5", AUTH).json();
    String second = newest.get("data").get(1).get("id").asText();

    JsonNode newer =
        Http.get(api + "users/" + XApi.USER_ID + "/mentions?since_id=" + second, AUTH).json();

    assertThat(newer.get("meta").get("result_count").asInt()).isEqualTo(1);
    assertThat(newer.get("data").get(0).get("id").asText())
        .isEqualTo(newest.get("meta").get("newest_id").asText());
  }

  @Test
  void recentSearchByConversationIdFindsTheWholeThread() {
    GeneratedConversation thread =
        Seeded.conversations(SandboxPlatform.X).stream()
            .filter(c -> c.root().kind() == MessageKind.MENTION)
            .filter(c -> c.messages().size() >= 3)
            .filter(c -> c.messages().stream().noneMatch(GeneratedMessage::deleted))
            .findFirst()
            .orElseThrow();
    JsonNode root = findMention(thread.root().currentText());
    String conversationId = root.get("conversation_id").asText();

    JsonNode found =
        Http.get(
                api
                    + "tweets/search/recent?max_results=10&tweet.fields=conversation_id,referenced_tweets&query="
                    + URLEncoder.encode(
                        "conversation_id:" + conversationId, StandardCharsets.UTF_8),
                AUTH)
            .json();

    assertThat(conversationId).isEqualTo(root.get("id").asText());
    assertThat(found.get("meta").get("result_count").asInt()).isEqualTo(thread.messages().size());
    for (JsonNode post : found.get("data")) {
      assertThat(post.get("conversation_id").asText()).isEqualTo(conversationId);
    }
  }

  @Test
  void anEditedMentionCarriesItsEditHistoryAndEachVersionCanBeRead() {
    GeneratedMessage edited =
        Seeded.conversations(SandboxPlatform.X).stream()
            .flatMap(c -> c.messages().stream())
            .filter(m -> m.edited() && !m.deleted())
            .findFirst()
            .orElseThrow();
    JsonNode latest = findMention(edited.editedText());
    JsonNode history = latest.get("edit_history_tweet_ids");

    JsonNode original = Http.get(api + "tweets/" + history.get(0).asText(), AUTH).json();

    assertThat(history).hasSize(2);
    assertThat(latest.get("id").asText()).isEqualTo(history.get(1).asText());
    assertThat(original.get("data").get("text").asText()).isEqualTo(edited.text());
  }

  @Test
  void aReplyUnderOurPostIsHiddenAndShownAgainButAMentionsOpeningPostIsNot() {
    JsonNode mention =
        firstMention(post -> post.get("conversation_id").asText().equals(post.get("id").asText()));
    JsonNode reply =
        firstMention(
            post ->
                !post.get("conversation_id").asText().equals(post.get("id").asText())
                    && startedByUs(post));
    String hidden = api + "tweets/" + reply.get("id").asText() + "/hidden";

    Http.Response hide = Http.putJson(hidden, "{\"hidden\": true}", AUTH);
    Http.Response again = Http.putJson(hidden, "{\"hidden\": true}", AUTH);
    Http.Response show = Http.putJson(hidden, "{\"hidden\": false}", AUTH);

    assertThat(hide.status()).isEqualTo(200);
    assertThat(hide.json().get("data").get("hidden").asBoolean()).isTrue();
    assertThat(again.status()).as("the state it is in already: a success").isEqualTo(200);
    assertThat(show.json().get("data").get("hidden").asBoolean()).isFalse();
    assertThat(Http.putJson(hidden, "{}", AUTH).status()).isEqualTo(400);
    assertThat(
            Http.putJson(
                    api + "tweets/" + mention.get("id").asText() + "/hidden",
                    "{\"hidden\": true}",
                    AUTH)
                .status())
        .as("only replies in conversations the account started")
        .isEqualTo(403);
    assertThat(Http.putJson(api + "tweets/1/hidden", "{\"hidden\": true}", AUTH).status())
        .isEqualTo(404);
  }

  private static boolean startedByUs(JsonNode post) {
    JsonNode root =
        Http.get(
                api + "tweets/" + post.get("conversation_id").asText() + "?tweet.fields=author_id",
                AUTH)
            .json();
    return XApi.USER_ID.equals(root.path("data").path("author_id").asText());
  }

  @Test
  void aDeletedPostIsAResourceNotFoundError() {
    String id =
        Http.postJson(api + "tweets", Map.of("text", "Storytime cancelled today"), AUTH)
            .json()
            .get("data")
            .get("id")
            .asText();

    Http.Response deleted = Http.delete(api + "tweets/" + id, AUTH);
    Http.Response lookup = Http.get(api + "tweets/" + id, AUTH);

    assertThat(deleted.json().get("data").get("deleted").asBoolean()).isTrue();
    assertThat(lookup.status()).isEqualTo(200);
    assertThat(lookup.json().has("data")).isFalse();
    assertThat(lookup.json().get("errors").get(0).get("type").asText())
        .isEqualTo("https://api.x.com/2/problems/resource-not-found");
  }

  @Test
  void anExpiredTokenAnswers401AndARefreshGivesAWorkingOne() {
    sandbox.fail(SandboxPlatform.X, FailureMode.EXPIRED_TOKEN);
    SandboxAccount account = sandbox.account(SandboxPlatform.X);

    Http.Response expired = Http.get(api + "users/me", AUTH);
    Http.Response refreshed =
        Http.postForm(
            api + "oauth2/token",
            "grant_type=refresh_token&refresh_token="
                + account.credentials().get("refreshToken")
                + "&client_id="
                + account.credentials().get("clientId"));
    Http.Response again =
        Http.get(
            api + "users/me",
            "Authorization",
            bearer(refreshed.json().get("access_token").asText()));

    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().get("title").asText()).isEqualTo("Unauthorized");
    assertThat(expired.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(refreshed.json().get("token_type").asText()).isEqualTo("bearer");
    assertThat(again.status()).isEqualTo(200);
  }

  @Test
  void aRevokedTokenCannotBeRefreshed() {
    sandbox.fail(SandboxPlatform.X, FailureMode.REVOKED_TOKEN);

    Http.Response refused = Http.get(api + "users/me", AUTH);
    Http.Response refresh =
        Http.postForm(
            api + "oauth2/token",
            "grant_type=refresh_token&refresh_token="
                + XApi.FIRST_REFRESH_TOKEN
                + "&client_id="
                + XApi.CLIENT_ID);

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refresh.status()).isEqualTo(400);
  }

  @Test
  void rateLimitOnceAnswersTheProblemObjectWithAnEpochReset() {
    sandbox.fail(SandboxPlatform.X, FailureMode.RATE_LIMIT_ONCE);
    Map<String, Object> body = Map.of("text", "Hotspots available to borrow");

    Http.Response limited = Http.postJson(api + "tweets", body, AUTH);
    Http.Response retried = Http.postJson(api + "tweets", body, AUTH);

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().get("title").asText()).isEqualTo("Too Many Requests");
    assertThat(Long.parseLong(limited.header("x-rate-limit-reset")))
        .isGreaterThan(Instant.now().getEpochSecond());
    assertThat(retried.status()).isEqualTo(201);
  }

  @Test
  void serverErrorOnceAnswers503() {
    sandbox.fail(SandboxPlatform.X, FailureMode.SERVER_ERROR_ONCE);

    Http.Response failed = Http.postJson(api + "tweets", Map.of("text", "Printing is down"), AUTH);

    assertThat(failed.status()).isEqualTo(503);
  }

  private static JsonNode findMention(String text) {
    return firstMention(post -> post.get("text").asText().equals(text));
  }

  /** The first of the account's mentions, page by page, that {@code wanted} accepts. */
  private static JsonNode firstMention(java.util.function.Predicate<JsonNode> wanted) {
    String token = null;
    do {
      JsonNode page =
          Http.get(
                  api
                      + "users/"
                      + XApi.USER_ID
                      + "/mentions?max_results=100&tweet.fields=conversation_id"
                      + (token == null ? "" : "&pagination_token=" + token),
                  AUTH)
              .json();
      for (JsonNode post : page.path("data")) {
        if (wanted.test(post)) {
          return post;
        }
      }
      token =
          page.get("meta").has("next_token") ? page.get("meta").get("next_token").asText() : null;
    } while (token != null);
    throw new AssertionError("no such mention");
  }
}
