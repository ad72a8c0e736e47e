package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.web.PageClient.Field;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A post is created once, however often the request that creates it arrives: the compose form
 * carries a one-time key, and a script may send an {@code Idempotency-Key}.
 */
class RepeatedCreationTest {

  @TempDir static Path dataDir;
  private static TestIntranet intranet;
  private static QueueApi api;
  private static PageClient staff;

  @BeforeAll
  static void start() throws Exception {
    intranet = TestIntranet.start(dataDir, QueueApi.settings(2048));
    api = new QueueApi(intranet);
    staff = new PageClient(intranet, QueueApi.STAFF);
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  private static Field[] form(String key, String text, String topic, String button) {
    return new Field[] {
      Field.of("formKey", key),
      Field.of("text", text),
      Field.of("account", "mastodon-main"),
      Field.of("topic", topic),
      Field.of("intent", "engagement"),
      Field.of("when", "asap"),
      Field.of("do", button)
    };
  }

  private static String formKey() throws Exception {
    return staff.page("/digital-branch/compose").select("input[name=formKey]").val();
  }

  /** The ids of the staff member's posts with this text. */
  private static List<String> postsWithText(String text) throws Exception {
    JsonNode listed =
        QueueApi.ok(api.get(QueueApi.STAFF, "posts?mine=true&limit=500"), 200).get("posts");
    List<String> ids = new ArrayList<>();
    for (JsonNode post : listed) {
      if (post.get("text").asText().equals(text)) {
        ids.add(post.get("id").asText());
      }
    }
    return ids;
  }

  private static HttpResponse<String> create(String key, String body) throws Exception {
    HttpRequest.Builder request =
        intranet
            .request("/digital-branch/api/posts")
            .header("Content-Type", "application/json")
            .header(TestIntranet.USER_HEADER, QueueApi.STAFF)
            .header("X-CSRF-Token", TestIntranet.CSRF_TOKEN)
            .POST(BodyPublishers.ofString(body.replace('\'', '"')));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return intranet.sendAlone(request);
  }

  private static String draft(String text) {
    return "{'text': '"
        + text
        + "', 'accounts': ['mastodon-main'], 'topic': 'events', 'intent': 'engagement'}";
  }

  @Test
  void everyComposeFormCarriesAKeyOfItsOwn() throws Exception {
    String first = formKey();
    String second = formKey();

    assertThat(first).matches("[A-Za-z0-9_-]{22}");
    assertThat(second).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(first);
    // A link cannot choose the key of the form it opens.
    assertThat(
            staff
                .page("/digital-branch/compose?formKey=" + first)
                .select("input[name=formKey]")
                .val())
        .isNotEqualTo(first);
  }

  @Test
  void aComposeFormSubmittedTwiceCreatesOnePostAndBothAnswersLeadToIt() throws Exception {
    String key = formKey();
    String text = "Story time moves to the garden on Saturday.";

    String first =
        PageClient.seeOther(
            staff.postMultipart("/digital-branch/compose", form(key, text, "events", "submit")));
    String second =
        PageClient.seeOther(
            staff.postMultipart("/digital-branch/compose", form(key, text, "events", "submit")));

    assertThat(first).endsWith("?done=submitted");
    assertThat(second).isEqualTo(first);
    assertThat(postsWithText(text)).containsExactly(PageClient.postId(first));
    JsonNode post = QueueApi.ok(api.get(QueueApi.STAFF, "posts/" + PageClient.postId(first)), 200);
    assertThat(post.get("state").asText()).isEqualTo("submitted");
    assertThat(post.get("history").findValuesAsText("action")).containsExactly("create", "submit");
  }

  @Test
  void aComposeFormSentTwiceAtOnceCreatesOnePost() throws Exception {
    String key = formKey();
    String text = "Two clicks, one question: what are you reading?";
    CountDownLatch ready = new CountDownLatch(2);
    Callable<String> send =
        () -> {
          ready.countDown();
          ready.await();
          return PageClient.seeOther(
              staff.postMultipart("/digital-branch/compose", form(key, text, "events", "save")));
        };
    List<String> locations = new ArrayList<>();
    try (ExecutorService two = Executors.newFixedThreadPool(2)) {
      for (Future<String> answer : List.of(two.submit(send), two.submit(send))) {
        locations.add(answer.get());
      }
    }

    assertThat(locations.get(1)).isEqualTo(locations.get(0));
    assertThat(postsWithText(text)).containsExactly(PageClient.postId(locations.get(0)));
  }

  @Test
  void aFormSentBackWithProblemsKeepsItsKeyAndTheCorrectedFormCreatesThePost() throws Exception {
    String key = formKey();
    String text = "Which audiobook got you through the winter?";

    HttpResponse<String> refused =
        staff.postMultipart("/digital-branch/compose", form(key, text, "", "save"));

    assertThat(refused.statusCode()).isEqualTo(400);
    Document page = PageClient.parse(refused);
    assertThat(page.select("input[name=formKey]").val()).isEqualTo(key);
    assertThat(postsWithText(text)).isEmpty();

    String saved =
        PageClient.seeOther(
            staff.postMultipart(
                "/digital-branch/compose", form(key, text, "readers-advisory", "save")));
    String again =
        PageClient.seeOther(
            staff.postMultipart(
                "/digital-branch/compose", form(key, text, "readers-advisory", "save")));

    assertThat(again).isEqualTo(saved);
    assertThat(postsWithText(text)).containsExactly(PageClient.postId(saved));
  }

  @Test
  void anotherPersonsKeyIsTheirsNotOurs() throws Exception {
    String key = formKey();
    String text = "Same key, two colleagues.";
    PageClient colleague = new PageClient(intranet, QueueApi.OTHER_STAFF);

    String mine =
        PageClient.seeOther(
            staff.postMultipart("/digital-branch/compose", form(key, text, "events", "save")));
    String theirs =
        PageClient.seeOther(
            colleague.postMultipart("/digital-branch/compose", form(key, text, "events", "save")));

    assertThat(PageClient.postId(theirs)).isNotEqualTo(PageClient.postId(mine));
  }

  @Test
  void aFormWithoutAKeyIsStillCreatedAsBefore() throws Exception {
    String text = "A form from before the key.";
    Field[] fields = form("", text, "events", "save");

    String saved = PageClient.seeOther(staff.postMultipart("/digital-branch/compose", fields));

    assertThat(postsWithText(text)).containsExactly(PageClient.postId(saved));
  }

  @Test
  void anApiCreationRepeatedWithItsIdempotencyKeyAnswersAsTheFirstDid() throws Exception {
    String body = draft("Retried after a timeout.");

    HttpResponse<String> first = create("retry-7f3a", body);
    HttpResponse<String> repeat = create("retry-7f3a", body);

    JsonNode created = QueueApi.ok(first, 201);
    JsonNode repeated = QueueApi.ok(repeat, 201);
    assertThat(repeat.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(repeated.get("id").asText()).isEqualTo(created.get("id").asText());
    assertThat(repeated.get("version").asInt()).isEqualTo(1);
    assertThat(postsWithText("Retried after a timeout."))
        .containsExactly(created.get("id").asText());
  }

  @Test
  void twoApiCreationsSentAtOnceWithOneKeyMakeOnePost() throws Exception {
    String body = draft("Sent twice at once.");
    CountDownLatch ready = new CountDownLatch(2);
    Callable<HttpResponse<String>> send =
        () -> {
          ready.countDown();
          ready.await();
          return create("\"parallel-1\"", body);
        };
    List<HttpResponse<String>> answers = new ArrayList<>();
    try (ExecutorService two = Executors.newFixedThreadPool(2)) {
      for (Future<HttpResponse<String>> answer : List.of(two.submit(send), two.submit(send))) {
        answers.add(answer.get());
      }
    }

    String id = QueueApi.ok(answers.get(0), 201).get("id").asText();
    assertThat(QueueApi.ok(answers.get(1), 201).get("id").asText()).isEqualTo(id);
    assertThat(postsWithText("Sent twice at once.")).containsExactly(id);
  }

  @Test
  void withoutAKeyEveryApiCreationIsANewPost() throws Exception {
    String body = draft("No key, two posts.");

    QueueApi.ok(create(null, body), 201);
    QueueApi.ok(create(null, body), 201);

    assertThat(postsWithText("No key, two posts.")).hasSize(2);
  }

  @Test
  void anApiCreationRefusedFreesItsKey() throws Exception {
    HttpResponse<String> refused =
        create(
            "fixed-later",
            "{'text': 'Freed key.', 'accounts': ['mastodon-main'], 'topic': 'events',"
                + " 'intent': 'engagement', 'images': [{'id': 'AAAAAAAAAAAAAAAAAAAAAA', 'alt':"
                + " 'A cart'}]}");

    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode created = QueueApi.ok(create("fixed-later", draft("Freed key.")), 201);
    assertThat(postsWithText("Freed key.")).containsExactly(created.get("id").asText());
  }

  @Test
  void aKeyUsedAgainForAnotherPostIsA400NamingIt() throws Exception {
    QueueApi.ok(create("reused", draft("The first post.")), 201);

    HttpResponse<String> reused = create("reused", draft("A different post."));

    assertThat(reused.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(reused).get("field").asText()).isEqualTo("Idempotency-Key");
    assertThat(postsWithText("A different post.")).isEmpty();
  }

  @Test
  void aKeyThatIsNotVisibleAsciiIsA400() throws Exception {
    for (String bad : List.of("", "\"\"", "x".repeat(256), "two words")) {
      HttpResponse<String> response = create(bad, draft("Bad key."));

      assertThat(response.statusCode()).as("key %s", bad).isEqualTo(400);
      assertThat(TestIntranet.json(response).get("field").asText()).isEqualTo("Idempotency-Key");
    }
    assertThat(postsWithText("Bad key.")).isEmpty();
  }
}
