package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.platform.sandbox.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MastodonSandboxTest {
  private static Sandbox sandbox;
  private static String base;
  private static final String[] AUTH = {"Authorization", bearer(MastodonApi.TOKEN)};

  @BeforeAll
  static void start() {
    sandbox = Seeded.start();
    base = sandbox.baseUrl(SandboxPlatform.MASTODON);
  }

  @AfterAll
  static void stop() {
    sandbox.stop();
  }

  @AfterEach
  void nothingFails() {
    sandbox.fail(SandboxPlatform.MASTODON, FailureMode.NONE);
  }

  @Test
  void verifyCredentialsAnswersTheLibrarysAccount() {
    Http.Response response = Http.get(base + "/api/v1/accounts/verify_credentials", AUTH);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("id").asText()).isEqualTo(MastodonApi.ACCOUNT_ID);
    assertThat(response.json().get("username").asText()).isEqualTo("riversidelibrary");
    assertThat(response.json().has("source")).isTrue();
  }

  @Test
  void aWrongTokenIsRefusedWithTheDocumentedError() {
    Http.Response response =
        Http.get(base + "/api/v1/accounts/verify_credentials", "Authorization", bearer("nope"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().get("error").asText()).isEqualTo("The access token is invalid");
  }

  @Test
  void anAltTextOverTheAnnouncedDescriptionLimitIsRefusedAsAStockServerDoes() {
    Http.Response upload =
        Http.postMultipart(
            base + "/api/v2/media",
            "file",
            new byte[] {1, 2, 3, 4},
            new String[] {"description", "x".repeat(1501)},
            AUTH);

    assertThat(upload.status()).isEqualTo(422);
    assertThat(upload.json().get("error").asText())
        .isEqualTo("Validation failed: Description is too long (maximum is 1500 characters)");
  }

  @Test
  void anImageWithAltTextThenAStatusIsPublishedAndItsUrlShowsAPage() {
    Http.Response upload =
        Http.postMultipart(
            base + "/api/v2/media",
            "file",
            new byte[] {1, 2, 3, 4},
            new String[] {"description", "A stack of new picture books"},
            AUTH);
    assertThat(upload.status()).isEqualTo(202);
    assertThat(upload.json().get("url").isNull()).isTrue();
    String mediaId = upload.json().get("id").asText();
    Http.Response ready = Http.get(base + "/api/v1/media/" + mediaId, AUTH);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("url").asText()).startsWith(base);

    Http.Response status =
        Http.postForm(
            base + "/api/v1/statuses",
            "status=New+picture+books+<are>+in!&media_ids%5B%5D=" + mediaId + "&visibility=public",
            AUTH);

    assertThat(status.status()).isEqualTo(200);
    JsonNode body = status.json();
    assertThat(body.get("content").asText()).isEqualTo("<p>New picture books &lt;are&gt; in!</p>");
    assertThat(body.get("visibility").asText()).isEqualTo("public");
    assertThat(body.get("edited_at").isNull()).isTrue();
    assertThat(body.get("media_attachments").get(0).get("description").asText())
        .isEqualTo("A stack of new picture books");
    String url = body.get("url").asText();
    assertThat(url).isEqualTo(base + "/@riversidelibrary/" + body.get("id").asText());
    Http.Response page = Http.get(url);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "Sandbox Mastodon — post "
                + body.get("id").asText()
                + ": New picture books &lt;are&gt; in!");
    assertThat(sandbox.published(SandboxPlatform.MASTODON))
        .extracting(PublishedPost::text)
        .contains("New picture books <are> in!");
  }

  @Test
  void theSameIdempotencyKeyTwiceGivesTheSameStatusAndOnePost() {
    String[] headers = {"Authorization", bearer(MastodonApi.TOKEN), "Idempotency-Key", "key-42"};
    Map<String, Object> body = Map.of("status", "Storytime moves to 11 this Saturday");

    Http.Response first = Http.postJson(base + "/api/v1/statuses", body, headers);
    Http.Response second = Http.postJson(base + "/api/v1/statuses", body, headers);

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
    assertThat(sandbox.published(SandboxPlatform.MASTODON))
        .filteredOn(post -> post.text().equals("Storytime moves to 11 this Saturday"))
        .hasSize(1);
  }

  @Test
  void blankAndOverlongStatusesAreRefusedWith422() {
    Http.Response blank = Http.postJson(base + "/api/v1/statuses", Map.of("status", " "), AUTH);
    Http.Response tooLong =
        Http.postJson(base + "/api/v1/statuses", Map.of("status", "a".repeat(501)), AUTH);

    assertThat(blank.status()).isEqualTo(422);
    assertThat(blank.json().get("error").asText())
        .isEqualTo("Validation failed: Text can't be blank");
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.json().get("error").asText())
        .isEqualTo("Validation failed: Text character limit of 500 exceeded");
  }

  @Test
  void lengthIsCountedInGraphemesWithUrlsAsTwentyThreeAndRemoteMentionsAsLocal() {
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
    Http.Response families =
        Http.postJson(base + "/api/v1/statuses", Map.of("status", family.repeat(500)), AUTH);
    Http.Response withLinkAndMention =
        Http.postJson(
            base + "/api/v1/statuses",
            Map.of(
                "status",
                "@ana@town.example "
                    + "a".repeat(452)
                    + " https://library.example/a/very/long/address/indeed"),
            AUTH);

    assertThat(families.status()).isEqualTo(200);
    // 4 + 1 + 452 + 1 + 23 = 481
    assertThat(withLinkAndMention.status()).isEqualTo(200);
    assertThat(
            MastodonApi.statusLength(
                "@ana@town.example " + "a".repeat(452) + " https://x.example/long"))
        .isEqualTo(481);
    // The sentence's full stop after a mention is counted, as Mastodon counts it.
    assertThat(MastodonApi.statusLength("Thanks @ana@town.example.")).isEqualTo(12);
  }

  @Test
  void mentionNotificationsPageByTheLinkHeaderToExactlyTheSeededMentions() {
    long expected =
        Seeded.count(
            SandboxPlatform.MASTODON, message -> !message.author().staff() && !message.deleted());
    Set<String> seen = new HashSet<>();
    List<String> order = new ArrayList<>();
    String next = base + "/api/v1/notifications?types%5B%5D=mention&limit=7";
    int pages = 0;
    while (next != null) {
      Http.Response page = Http.get(next, AUTH);
      assertThat(page.status()).isEqualTo(200);
      for (JsonNode notification : page.json()) {
        assertThat(notification.get("type").asText()).isEqualTo("mention");
        assertThat(seen.add(notification.get("id").asText())).isTrue();
        if (Instant.parse(notification.get("created_at").asText()).isAfter(Seeded.UNTIL)) {
          seen.remove(notification.get("id").asText()); // added by another test, not seeded
        }
        order.add(notification.get("status").get("created_at").asText());
      }
      next = nextLink(page.header("Link"));
      pages++;
    }

    assertThat(expected).isGreaterThan(20);
    assertThat(seen).hasSize((int) expected);
    assertThat(pages).isGreaterThan(3);
    assertThat(order).isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void sinceIdAnswersOnlyNewerMentions() {
    JsonNode newest = Http.get(base + "/api/v1/notifications?limit=2", AUTH).json();
    String secondNewest = newest.get(1).get("id").asText();

    JsonNode newer = Http.get(base + "/api/v1/notifications?since_id=" + secondNewest, AUTH).json();

    assertThat(newer).hasSize(1);
    assertThat(newer.get(0).get("id").asText()).isEqualTo(newest.get(0).get("id").asText());
  }

  @Test
  void aThreadShowsItsAncestorsAndDescendants() {
    List<GeneratedConversation> seeded = Seeded.conversations(SandboxPlatform.MASTODON);
    // The thread is found by its last message's text, so that text must be its own ("Thank you so
    // much!" ends many threads).
    java.util.Map<String, Long> texts =
        seeded.stream()
            .flatMap(c -> c.messages().stream())
            .collect(
                java.util.stream.Collectors.groupingBy(
                    GeneratedMessage::currentText, java.util.stream.Collectors.counting()));
    GeneratedConversation threaded =
        seeded.stream()
            .filter(
                c ->
                    c.root().kind() == MessageKind.MENTION
                        && c.messages().size() >= 3
                        && !c.messages().getLast().author().staff()
                        && texts.get(c.messages().getLast().currentText()) == 1
                        && c.messages().stream().noneMatch(GeneratedMessage::deleted))
            .findFirst()
            .orElseThrow();
    String lastText = threaded.messages().getLast().currentText();
    JsonNode mention = findStatus(lastText);

    JsonNode context =
        Http.get(base + "/api/v1/statuses/" + mention.get("id").asText() + "/context", AUTH).json();

    assertThat(context.get("ancestors")).hasSize(threaded.messages().size() - 1);
    assertThat(context.get("ancestors").get(0).get("in_reply_to_id").isNull()).isTrue();
    assertThat(context.get("descendants")).isEmpty();
    JsonNode root = context.get("ancestors").get(0);
    JsonNode fromRoot =
        Http.get(base + "/api/v1/statuses/" + root.get("id").asText() + "/context", AUTH).json();
    assertThat(fromRoot.get("ancestors")).isEmpty();
    assertThat(fromRoot.get("descendants")).hasSize(threaded.messages().size() - 1);
  }

  @Test
  void anEditedStatusHasEditedAtAndItsHistoryOldestFirst() {
    GeneratedMessage edited =
        Seeded.conversations(SandboxPlatform.MASTODON).stream()
            .flatMap(c -> c.messages().stream())
            .filter(m -> m.edited() && !m.deleted())
            .findFirst()
            .orElseThrow();
    JsonNode status = findStatus(edited.editedText());
    assertThat(status.get("edited_at").isNull()).isFalse();

    JsonNode history =
        Http.get(base + "/api/v1/statuses/" + status.get("id").asText() + "/history", AUTH).json();

    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("content").asText())
        .endsWith(Html.escape(edited.text()) + "</p>");
    assertThat(history.get(1).get("content").asText())
        .endsWith(Html.escape(edited.editedText()) + "</p>");
  }

  @Test
  void aDeletedStatusAnswers404RecordNotFound() {
    Http.Response created =
        Http.postJson(base + "/api/v1/statuses", Map.of("status", "Oops, wrong date"), AUTH);
    String id = created.json().get("id").asText();

    Http.Response deleted = Http.delete(base + "/api/v1/statuses/" + id, AUTH);
    Http.Response after = Http.get(base + "/api/v1/statuses/" + id, AUTH);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().get("text").asText()).isEqualTo("Oops, wrong date");
    assertThat(after.status()).isEqualTo(404);
    assertThat(after.json().get("error").asText()).isEqualTo("Record not found");
  }

  @Test
  void rateLimitOnceAnswers429WithAnIsoResetThenPublishes() {
    sandbox.fail(SandboxPlatform.MASTODON, FailureMode.RATE_LIMIT_ONCE);
    Map<String, Object> body = Map.of("status", "Book sale this weekend");

    Http.Response limited = Http.postJson(base + "/api/v1/statuses", body, AUTH);
    Http.Response retried = Http.postJson(base + "/api/v1/statuses", body, AUTH);

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().get("error").asText()).isEqualTo("Too many requests");
    assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
    String reset = limited.header("X-RateLimit-Reset");
    assertThat(reset).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(Instant.from(DateTimeFormatter.ISO_INSTANT.parse(reset))).isAfter(Instant.now());
    assertThat(retried.status()).isEqualTo(200);
  }

  @Test
  void serverErrorOnceAnswers503ThenPublishes() {
    sandbox.fail(SandboxPlatform.MASTODON, FailureMode.SERVER_ERROR_ONCE);
    Map<String, Object> body = Map.of("status", "Wifi is back at Eastside");

    assertThat(Http.postJson(base + "/api/v1/statuses", body, AUTH).status()).isEqualTo(503);
    assertThat(Http.postJson(base + "/api/v1/statuses", body, AUTH).status()).isEqualTo(200);
  }

  @Test
  void anExpiredTokenStaysRefusedUntilTheFailureIsSwitchedOff() {
    sandbox.fail(SandboxPlatform.MASTODON, FailureMode.EXPIRED_TOKEN);

    Http.Response first = Http.get(base + "/api/v1/accounts/verify_credentials", AUTH);
    Http.Response second = Http.get(base + "/api/v1/accounts/verify_credentials", AUTH);
    sandbox.fail(SandboxPlatform.MASTODON, FailureMode.NONE);
    Http.Response reconnected = Http.get(base + "/api/v1/accounts/verify_credentials", AUTH);

    assertThat(first.status()).isEqualTo(401);
    assertThat(first.json().get("error").asText()).isEqualTo("The access token expired");
    assertThat(second.status()).isEqualTo(401);
    assertThat(reconnected.status()).isEqualTo(200);
  }

  @Test
  void aRevokedTokenIsRefused() {
    sandbox.fail(SandboxPlatform.MASTODON, FailureMode.REVOKED_TOKEN);

    Http.Response response = Http.get(base + "/api/v1/accounts/verify_credentials", AUTH);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().get("error").asText()).isEqualTo("The access token was revoked");
  }

  private static JsonNode findStatus(String text) {
    String next = base + "/api/v1/notifications?limit=80";
    while (next != null) {
      Http.Response page = Http.get(next, AUTH);
      for (JsonNode notification : page.json()) {
        if (notification
            .get("status")
            .get("content")
            .asText()
            .endsWith(Html.escape(text) + "</p>")) {
          return notification.get("status");
        }
      }
      next = nextLink(page.header("Link"));
    }
    throw new AssertionError("no mention with text " + text);
  }

  static String nextLink(String link) {
    if (link == null) {
      return null;
    }
    Matcher next = Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(link);
    return next.find() ? next.group(1) : null;
  }
}
