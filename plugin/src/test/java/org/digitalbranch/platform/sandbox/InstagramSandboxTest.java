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

class InstagramSandboxTest {
  private static Sandbox sandbox;
  private static String graph;
  private static final String TOKEN = "access_token=" + InstagramApi.TOKEN;
  private static final String USER = InstagramApi.IG_USER_ID;

  @BeforeAll
  static void start() {
    sandbox = Seeded.start();
    graph = sandbox.baseUrl(SandboxPlatform.INSTAGRAM) + "/v21.0/";
  }

  @AfterAll
  static void stop() {
    sandbox.stop();
  }

  @AfterEach
  void nothingFails() {
    sandbox.fail(SandboxPlatform.INSTAGRAM, FailureMode.NONE);
  }

  private static Http.Response container(String base, String caption) {
    return Http.postForm(
        base + USER + "/media",
        "image_url=https%3A%2F%2Friverside.example%2Fbooks.jpg&caption="
            + caption.replace(' ', '+')
            + "&alt_text=Three+new+novels+on+a+wooden+table&"
            + TOKEN);
  }

  @Test
  void aContainerIsCheckedThenPublishedAndListedWithItsAltText() {
    String containerId = container(graph, "New this week").json().get("id").asText();

    JsonNode status = Http.get(graph + containerId + "?fields=status_code,status&" + TOKEN).json();
    Http.Response published =
        Http.postForm(graph + USER + "/media_publish", "creation_id=" + containerId + "&" + TOKEN);
    JsonNode after = Http.get(graph + containerId + "?fields=status_code&" + TOKEN).json();
    JsonNode newest = Http.get(graph + USER + "/media?limit=1&" + TOKEN).json().get("data").get(0);

    assertThat(status.get("status_code").asText()).isEqualTo("FINISHED");
    assertThat(published.status()).isEqualTo(200);
    String mediaId = published.json().get("id").asText();
    assertThat(after.get("status_code").asText()).isEqualTo("PUBLISHED");
    assertThat(newest.get("id").asText()).isEqualTo(mediaId);
    assertThat(newest.get("caption").asText()).isEqualTo("New this week");
    assertThat(newest.get("alt_text").asText()).isEqualTo("Three new novels on a wooden table");
    assertThat(Http.get(newest.get("permalink").asText()).body())
        .contains("Sandbox Instagram — post " + mediaId + ": New this week");
  }

  @Test
  void aContainerWithoutAnImageUrlIsRefused() {
    Http.Response refused = Http.postForm(graph + USER + "/media", "caption=Hi&" + TOKEN);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("error").get("code").asInt()).isEqualTo(100);
  }

  @Test
  void thePublishingLimitIsFiftyPostsADayAndTheLimitEndpointCountsThem() {
    try (Sandbox fresh = Sandbox.start(SandboxBehaviour.empty())) {
      String base = fresh.baseUrl(SandboxPlatform.INSTAGRAM) + "/";
      for (int i = 0; i < InstagramApi.QUOTA; i++) {
        String id = container(base, "Post " + i).json().get("id").asText();
        Http.Response ok =
            Http.postForm(base + USER + "/media_publish", "creation_id=" + id + "&" + TOKEN);
        assertThat(ok.status()).isEqualTo(200);
      }
      JsonNode usage =
          Http.get(base + USER + "/content_publishing_limit?fields=config,quota_usage&" + TOKEN)
              .json()
              .get("data")
              .get(0);
      String over = container(base, "One too many").json().get("id").asText();

      Http.Response refused =
          Http.postForm(base + USER + "/media_publish", "creation_id=" + over + "&" + TOKEN);

      assertThat(usage.get("quota_usage").asInt()).isEqualTo(50);
      assertThat(usage.get("config").get("quota_total").asInt()).isEqualTo(50);
      assertThat(usage.get("config").get("quota_duration").asInt()).isEqualTo(86400);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json().get("error").get("code").asInt()).isEqualTo(9);
      assertThat(refused.json().get("error").get("error_subcode").asInt()).isEqualTo(2207042);
    }
  }

  @Test
  void everySeededCommentAndReplyIsReachedByFollowingPagingNext() {
    // Direct messages are no media or comments: they are read through the Page's conversations.
    List<GeneratedConversation> seeded =
        Seeded.conversations(SandboxPlatform.INSTAGRAM).stream()
            .filter(GeneratedConversation::startsWithOurPost)
            .toList();
    long expected =
        seeded.stream()
            .mapToLong(
                c ->
                    c.messages().stream()
                        .filter(m -> m.parent() >= 0 && Seeded.reachable(c, m))
                        .count())
            .sum();

    List<JsonNode> media =
        GraphPaging.all(graph + USER + "/media?limit=6&" + TOKEN).stream()
            .filter(item -> !created(item).isAfter(Seeded.UNTIL))
            .toList();
    long found = 0;
    for (JsonNode item : media) {
      List<JsonNode> comments =
          GraphPaging.all(
              graph
                  + item.get("id").asText()
                  + "/comments?limit=3&fields=from,text,timestamp&"
                  + TOKEN);
      found += comments.size();
      for (JsonNode comment : comments) {
        assertThat(comment.get("from").has("username")).isTrue();
        found +=
            GraphPaging.all(
                    graph
                        + comment.get("id").asText()
                        + "/replies?limit=100&fields=parent_id&"
                        + TOKEN)
                .stream()
                .peek(
                    reply ->
                        assertThat(reply.get("parent_id").asText())
                            .isEqualTo(comment.get("id").asText()))
                .count();
      }
    }

    assertThat(media).hasSize(seeded.size());
    assertThat(found).isEqualTo(expected);
  }

  @Test
  void repliesNestedInTheCommentsAreTheRepliesEdgesFirstPageWithItsNextLink() {
    JsonNode post = Http.get(graph + USER + "/media?limit=1&" + TOKEN).json().get("data").get(0);
    String commentId =
        sandbox
            .customerReply(SandboxPlatform.INSTAGRAM, post.get("id").asText(), "Story time?")
            .id();
    String quietId =
        sandbox.customerReply(SandboxPlatform.INSTAGRAM, post.get("id").asText(), "Thanks!").id();
    for (int i = 1; i <= 26; i++) {
      sandbox.customerReply(SandboxPlatform.INSTAGRAM, commentId, "Me too " + i);
    }

    List<JsonNode> comments =
        GraphPaging.all(
            graph
                + post.get("id").asText()
                + "/comments?fields="
                + java.net.URLEncoder.encode(
                    "id,text,from{id,username},replies{id,text,parent_id}",
                    java.nio.charset.StandardCharsets.UTF_8)
                + "&"
                + TOKEN);
    JsonNode busy =
        comments.stream().filter(c -> c.get("id").asText().equals(commentId)).findFirst().get();
    JsonNode quiet =
        comments.stream().filter(c -> c.get("id").asText().equals(quietId)).findFirst().get();
    JsonNode nested = busy.get("replies");
    List<JsonNode> edge = GraphPaging.all(nested.get("paging").get("next").asText());

    assertThat(busy.get("from").get("username").asText()).isEqualTo("rosareads");
    assertThat(nested.get("data")).hasSize(25);
    assertThat(nested.get("data").get(0).get("parent_id").asText()).isEqualTo(commentId);
    assertThat(nested.get("data").get(0).has("from")).isFalse();
    assertThat(nested.get("paging").get("next").asText()).contains("/" + commentId + "/replies?");
    assertThat(edge).extracting(r -> r.get("text").asText()).containsExactly("Me too 26");
    // Graph leaves an edge with nothing in it out of the answer.
    assertThat(quiet.has("replies")).isFalse();
  }

  @Test
  void fieldsAreReadWithTheirNestedFieldsAndModifiers() {
    assertThat(GraphApi.fields("id,from{id,username},replies.limit(5){id,from{id}},text"))
        .containsExactly(
            java.util.Map.entry("id", ""),
            java.util.Map.entry("from", "id,username"),
            java.util.Map.entry("replies", "id,from{id}"),
            java.util.Map.entry("text", ""));
    assertThat(GraphApi.fields(null)).isEmpty();
  }

  @Test
  void aReplyToACommentIsListedUnderItAndADeletedCommentIsMissing() {
    JsonNode post = Http.get(graph + USER + "/media?limit=1&" + TOKEN).json().get("data").get(0);
    sandbox.customerReply(SandboxPlatform.INSTAGRAM, post.get("id").asText(), "Is the cafe open?");
    JsonNode comment =
        GraphPaging.all(graph + post.get("id").asText() + "/comments?" + TOKEN).getLast();

    Http.Response reply =
        Http.postForm(
            graph + comment.get("id").asText() + "/replies", "message=Yes%2C+until+4!&" + TOKEN);
    List<JsonNode> replies =
        GraphPaging.all(graph + comment.get("id").asText() + "/replies?" + TOKEN);
    Http.delete(graph + comment.get("id").asText() + "?" + TOKEN);
    Http.Response gone = Http.get(graph + comment.get("id").asText() + "?" + TOKEN);

    assertThat(comment.get("text").asText()).isEqualTo("Is the cafe open?");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(replies).extracting(r -> r.get("text").asText()).containsExactly("Yes, until 4!");
    assertThat(gone.json().get("error").get("error_subcode").asInt()).isEqualTo(33);
  }

  @Test
  void rateLimitOnceHitsMediaPublishThenItSucceeds() {
    String containerId = container(graph, "Rate limited once").json().get("id").asText();
    sandbox.fail(SandboxPlatform.INSTAGRAM, FailureMode.RATE_LIMIT_ONCE);

    Http.Response limited =
        Http.postForm(graph + USER + "/media_publish", "creation_id=" + containerId + "&" + TOKEN);
    Http.Response retried =
        Http.postForm(graph + USER + "/media_publish", "creation_id=" + containerId + "&" + TOKEN);

    assertThat(limited.json().get("error").get("code").asInt()).isEqualTo(4);
    assertThat(retried.status()).isEqualTo(200);
  }

  @Test
  void anExpiredTokenIsCode190Subcode463() {
    sandbox.fail(SandboxPlatform.INSTAGRAM, FailureMode.EXPIRED_TOKEN);

    Http.Response expired = Http.get(graph + "me?" + TOKEN);

    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.json().get("error").get("code").asInt()).isEqualTo(190);
    assertThat(expired.json().get("error").get("error_subcode").asInt()).isEqualTo(463);
  }

  private static Instant created(JsonNode media) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx")
        .parse(media.get("timestamp").asText(), Instant::from);
  }
}
