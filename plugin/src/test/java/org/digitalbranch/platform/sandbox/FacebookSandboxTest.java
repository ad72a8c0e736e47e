package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FacebookSandboxTest {
  private static Sandbox sandbox;
  private static String graph;
  private static final String TOKEN = "access_token=" + FacebookApi.TOKEN;

  @BeforeAll
  static void start() {
    sandbox = Seeded.start();
    graph = sandbox.baseUrl(SandboxPlatform.FACEBOOK) + "/v21.0/";
  }

  @AfterAll
  static void stop() {
    sandbox.stop();
  }

  @AfterEach
  void nothingFails() {
    sandbox.fail(SandboxPlatform.FACEBOOK, FailureMode.NONE);
  }

  @Test
  void meWithThePageTokenIsThePage() {
    Http.Response me = Http.get(graph + "me?" + TOKEN);

    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("id").asText()).isEqualTo(FacebookApi.PAGE_ID);
    assertThat(me.json().get("name").asText()).isEqualTo("Riverside Public Library");
  }

  @Test
  void aLinkPostOnTheFeedAnswersThePagePostIdAndShowsInThePagesPosts() {
    Http.Response created =
        Http.postForm(
            graph + FacebookApi.PAGE_ID + "/feed",
            "message=Summer+reading+starts+Monday&link=https%3A%2F%2Friverside.example%2Fsummer&"
                + TOKEN);

    assertThat(created.status()).isEqualTo(200);
    String id = created.json().get("id").asText();
    assertThat(id).startsWith(FacebookApi.PAGE_ID + "_");
    JsonNode post = Http.get(graph + id + "?fields=message,permalink_url&" + TOKEN).json();
    assertThat(post.get("message").asText()).isEqualTo("Summer reading starts Monday");
    assertThat(Http.get(post.get("permalink_url").asText()).body())
        .contains("Sandbox Facebook — post ")
        .contains(": Summer reading starts Monday");
    JsonNode newest = Http.get(graph + FacebookApi.PAGE_ID + "/posts?limit=1&" + TOKEN).json();
    assertThat(newest.get("data").get(0).get("id").asText()).isEqualTo(id);
  }

  @Test
  void aPhotoWithCustomAltTextAnswersThePhotoAndPostIds() {
    Http.Response created =
        Http.postForm(
            graph + FacebookApi.PAGE_ID + "/photos",
            "url=https%3A%2F%2Friverside.example%2Fcat.jpg&message=Meet+our+library+cat"
                + "&alt_text_custom=A+grey+cat+asleep+on+the+returns+cart&"
                + TOKEN);

    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().get("id").asText()).matches("\\d+");
    assertThat(created.json().get("post_id").asText()).startsWith(FacebookApi.PAGE_ID + "_");
  }

  @Test
  void theSameMessageTwiceIsADuplicateStatusMessage() {
    String form = "message=Closed+for+the+storm+today&" + TOKEN;

    Http.Response first = Http.postForm(graph + FacebookApi.PAGE_ID + "/feed", form);
    Http.Response second = Http.postForm(graph + FacebookApi.PAGE_ID + "/feed", form);

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(400);
    assertThat(second.json().get("error").get("code").asInt()).isEqualTo(506);
  }

  @Test
  void everySeededPostAndCommentIsReachedByFollowingPagingNext() {
    // Private messages are no posts or comments: they are read through /conversations.
    List<GeneratedConversation> seeded =
        Seeded.conversations(SandboxPlatform.FACEBOOK).stream()
            .filter(GeneratedConversation::startsWithOurPost)
            .toList();
    long expectedComments =
        seeded.stream()
            .mapToLong(
                c ->
                    c.messages().stream()
                        .filter(m -> m.parent() >= 0 && Seeded.reachable(c, m))
                        .count())
            .sum();

    List<JsonNode> posts =
        GraphPaging.all(graph + FacebookApi.PAGE_ID + "/posts?limit=7&" + TOKEN).stream()
            .filter(post -> !created(post).isAfter(Seeded.UNTIL))
            .toList();
    long comments = 0;
    for (JsonNode post : posts) {
      comments +=
          GraphPaging.all(
                  graph
                      + post.get("id").asText()
                      + "/comments?filter=stream&limit=3&fields=parent&"
                      + TOKEN)
              .size();
    }

    assertThat(posts).hasSize(seeded.size());
    assertThat(comments).isEqualTo(expectedComments);
  }

  @Test
  void commentsPageWithCursorsAndNoNextOnTheLastPage() {
    JsonNode post = busiestPost();
    String url = graph + post.get("id").asText() + "/comments?limit=1&" + TOKEN;

    JsonNode first = Http.get(url).json();
    JsonNode second = Http.get(first.get("paging").get("next").asText()).json();

    assertThat(first.get("paging").get("cursors").has("after")).isTrue();
    assertThat(first.get("paging").has("previous")).isFalse();
    assertThat(second.get("paging").has("previous")).isTrue();
    assertThat(second.get("data").get(0).get("id").asText())
        .isNotEqualTo(first.get("data").get(0).get("id").asText());
    JsonNode all =
        Http.get(graph + post.get("id").asText() + "/comments?limit=100&" + TOKEN).json();
    assertThat(all.get("paging").has("next")).isFalse();
  }

  @Test
  void aPageReplyIsAddedUnderTheCommentAndADeletedOneIsAnObjectMissingError() {
    JsonNode comment =
        Http.get(graph + busiestPost().get("id").asText() + "/comments?limit=1&" + TOKEN)
            .json()
            .get("data")
            .get(0);
    String commentId = comment.get("id").asText();

    Http.Response reply =
        Http.postForm(graph + commentId + "/comments", "message=We+open+at+10!&" + TOKEN);
    String replyId = reply.json().get("id").asText();
    List<JsonNode> replies = GraphPaging.all(graph + commentId + "/comments?" + TOKEN);
    Http.Response deleted = Http.delete(graph + replyId + "?" + TOKEN);
    Http.Response gone = Http.get(graph + replyId + "?" + TOKEN);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(replies.getLast().get("id").asText()).isEqualTo(replyId);
    assertThat(replies.getLast().get("from").get("id").asText()).isEqualTo(FacebookApi.PAGE_ID);
    assertThat(deleted.json().get("success").asBoolean()).isTrue();
    assertThat(gone.status()).isEqualTo(400);
    assertThat(gone.json().get("error").get("code").asInt()).isEqualTo(100);
    assertThat(gone.json().get("error").get("error_subcode").asInt()).isEqualTo(33);
    assertThat(gone.json().get("error").get("type").asText()).isEqualTo("GraphMethodException");
  }

  @Test
  void aHiddenCommentStaysWithIsHiddenTrue() {
    JsonNode comment =
        Http.get(graph + busiestPost().get("id").asText() + "/comments?limit=1&" + TOKEN)
            .json()
            .get("data")
            .get(0);

    Http.postForm(graph + comment.get("id").asText(), "is_hidden=true&" + TOKEN);
    JsonNode after =
        Http.get(graph + comment.get("id").asText() + "?fields=is_hidden&" + TOKEN).json();

    assertThat(after.get("is_hidden").asBoolean()).isTrue();
  }

  @Test
  void aWrongTokenAnExpiredOneAndARevokedOneAreCode190() {
    Http.Response wrong = Http.get(graph + "me?access_token=nope");
    sandbox.fail(SandboxPlatform.FACEBOOK, FailureMode.EXPIRED_TOKEN);
    Http.Response expired = Http.get(graph + "me?" + TOKEN);
    sandbox.fail(SandboxPlatform.FACEBOOK, FailureMode.REVOKED_TOKEN);
    Http.Response revoked = Http.get(graph + "me", "Authorization", Http.bearer(FacebookApi.TOKEN));

    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().get("error").get("code").asInt()).isEqualTo(190);
    assertThat(wrong.json().get("error").has("error_subcode")).isFalse();
    assertThat(expired.json().get("error").get("error_subcode").asInt()).isEqualTo(463);
    assertThat(expired.json().get("error").get("type").asText()).isEqualTo("OAuthException");
    assertThat(revoked.json().get("error").get("error_subcode").asInt()).isEqualTo(460);
  }

  @Test
  void rateLimitOnceIsCode4WithTheUsageHeaders() {
    sandbox.fail(SandboxPlatform.FACEBOOK, FailureMode.RATE_LIMIT_ONCE);
    String form = "message=Tech+help+every+Tuesday&" + TOKEN;

    Http.Response limited = Http.postForm(graph + FacebookApi.PAGE_ID + "/feed", form);
    Http.Response retried = Http.postForm(graph + FacebookApi.PAGE_ID + "/feed", form);

    assertThat(limited.status()).isEqualTo(400);
    assertThat(limited.json().get("error").get("code").asInt()).isEqualTo(4);
    assertThat(limited.json().get("error").get("is_transient").asBoolean()).isTrue();
    assertThat(limited.header("X-Business-Use-Case-Usage"))
        .contains("\"" + FacebookApi.PAGE_ID + "\"")
        .contains("\"estimated_time_to_regain_access\":1");
    assertThat(limited.header("Retry-After")).isNull();
    assertThat(retried.status()).isEqualTo(200);
  }

  @Test
  void serverErrorOnceIsA503WithATransientError() {
    sandbox.fail(SandboxPlatform.FACEBOOK, FailureMode.SERVER_ERROR_ONCE);

    Http.Response failed =
        Http.postForm(graph + FacebookApi.PAGE_ID + "/feed", "message=Hello&" + TOKEN);

    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.json().get("error").get("is_transient").asBoolean()).isTrue();
  }

  private static JsonNode busiestPost() {
    JsonNode best = null;
    int most = -1;
    for (JsonNode post :
        GraphPaging.all(graph + FacebookApi.PAGE_ID + "/posts?limit=100&" + TOKEN)) {
      int comments =
          Http.get(graph + post.get("id").asText() + "/comments?limit=100&" + TOKEN)
              .json()
              .get("data")
              .size();
      if (comments > most) {
        most = comments;
        best = post;
      }
    }
    return best;
  }

  private static Instant created(JsonNode post) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx")
        .parse(post.get("created_time").asText(), Instant::from);
  }
}
