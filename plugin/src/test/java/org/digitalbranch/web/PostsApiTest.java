package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostsApiTest {

  private static final int IMAGE_LIMIT = 2048;

  @TempDir static Path dataDir;
  private static TestIntranet intranet;
  private static QueueApi api;

  @BeforeAll
  static void start() throws Exception {
    intranet = TestIntranet.start(dataDir, QueueApi.settings(IMAGE_LIMIT));
    api = new QueueApi(intranet);
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    return TestIntranet.json(response);
  }

  @Test
  void creatingAPostAnswers201WithItsLocationAndTheDraft() throws Exception {
    HttpResponse<String> response = api.send(QueueApi.STAFF, "POST", "posts", QueueApi.DRAFT);

    JsonNode post = QueueApi.ok(response, 201);
    assertThat(response.headers().firstValue("Location"))
        .hasValue("/digital-branch/api/posts/" + post.get("id").asText());
    assertThat(post.get("state").asText()).isEqualTo("draft");
    assertThat(post.get("version").asInt()).isEqualTo(1);
    assertThat(post.get("author").asText()).isEqualTo("jlee");
    assertThat(post.get("publishAt").isNull()).isTrue();
    assertThat(post.get("history").get(0).get("action").asText()).isEqualTo("create");
  }

  @Test
  void thePostShowsItsHistoryAndItsTargets() throws Exception {
    JsonNode approved =
        api.action(
            QueueApi.MODERATOR,
            api.submitted(QueueApi.STAFF),
            "approve",
            ", 'note': 'Lovely question.'");

    JsonNode post =
        QueueApi.ok(api.get(QueueApi.STAFF, "posts/" + approved.get("id").asText()), 200);

    JsonNode approval = post.get("history").get(2);
    assertThat(approval.get("action").asText()).isEqualTo("approve");
    assertThat(approval.get("actor").asText()).isEqualTo("mgarcia");
    assertThat(approval.get("from").asText()).isEqualTo("submitted");
    assertThat(approval.get("to").asText()).isEqualTo("approved");
    assertThat(approval.get("version").asInt()).isEqualTo(2);
    assertThat(approval.get("note").asText()).isEqualTo("Lovely question.");
    assertThat(approval.has("at")).isTrue();
    // The account has no credentials here: whether or not the publisher has looked at it yet,
    // the target waits ("pending"), and nothing is live.
    assertThat(post.get("targets")).hasSize(1);
    JsonNode target = post.get("targets").get(0);
    assertThat(target.get("account").asText()).isEqualTo("mastodon-main");
    assertThat(target.get("platform").asText()).isEqualTo("mastodon");
    assertThat(target.get("handle").asText()).isEqualTo("@library@example.social");
    assertThat(target.get("state").asText()).isEqualTo("pending");
    assertThat(target.get("url").isNull()).isTrue();
    assertThat(target.get("retryable").asBoolean()).isFalse();
  }

  @Test
  void aPublishTimeIsTheLibrarysLocalTimeBothWays() throws Exception {
    // The morning the clocks go forward next year (the second Sunday of March, in Chicago).
    String morning = QueueApi.springForwardNextYear() + "T09:00";
    JsonNode post =
        QueueApi.ok(
            api.send(
                QueueApi.STAFF,
                "POST",
                "posts",
                "{'text': 'Story time at nine.', 'accounts': ['x-main'], 'topic': 'events',"
                    + " 'intent': 'engagement', 'publishAt': '"
                    + morning
                    + "'}"),
            201);

    assertThat(post.get("publishAt").asText()).isEqualTo(morning);
    assertThat(post.get("timeZone").asText()).isEqualTo("America/Chicago");
    assertThat(post.has("publishAtNote")).isFalse();

    // 02:30 that morning does not exist: the answer says when the post goes out instead.
    String skipped = morning.replace("T09:00", "T02:30");
    JsonNode shifted =
        QueueApi.ok(
            api.send(
                QueueApi.STAFF,
                "POST",
                "posts",
                "{'text': 'Night owls.', 'accounts': ['x-main'], 'topic': 'events',"
                    + " 'intent': 'engagement', 'publishAt': '"
                    + skipped
                    + "'}"),
            201);
    assertThat(shifted.get("publishAt").asText()).isEqualTo(morning.replace("T09:00", "T03:30"));
    assertThat(shifted.get("publishAtNote").asText())
        .startsWith("02:30 on ")
        .endsWith(
            " does not exist in America/Chicago: the clocks go forward from 02:00 to 03:00, so"
                + " the post goes out at 03:30.");
  }

  @Test
  void twoModeratorsApprovingTheSameVersionAtOnceGiveOneApprovalAndOneConflict() throws Exception {
    JsonNode submitted = api.submitted(QueueApi.STAFF);
    String path = "posts/" + submitted.get("id").asText() + "/approve";
    String body = "{'version': " + submitted.get("version").asInt() + "}";
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (String moderator : List.of(QueueApi.MODERATOR, QueueApi.MODERATOR_2)) {
        Callable<HttpResponse<String>> approve =
            () -> {
              go.await();
              return api.send(moderator, "POST", path, body);
            };
        answers.add(pool.submit(approve));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        statuses.add(answer.get().statusCode());
      }
      assertThat(statuses).containsExactlyInAnyOrder(200, 409);
    }

    JsonNode post =
        QueueApi.ok(api.get(QueueApi.STAFF, "posts/" + submitted.get("id").asText()), 200);
    // The test intranet's publisher may already have picked the approved post up: only the
    // moderation steps matter here.
    assertThat(post.get("history").findValuesAsText("action"))
        .filteredOn(action -> !action.contains("publish"))
        .containsExactly("create", "submit", "approve");
  }

  @Test
  void aStaleVersionIs409WithTheCurrentVersion() throws Exception {
    JsonNode submitted = api.submitted(QueueApi.STAFF);

    JsonNode problem =
        problem(
            api.send(
                QueueApi.MODERATOR,
                "POST",
                "posts/" + submitted.get("id").asText() + "/approve",
                "{'version': 1}"),
            409);

    assertThat(problem.get("currentVersion").asInt()).isEqualTo(2);
    assertThat(problem.get("detail").asText()).contains("version 2");
  }

  @Test
  void anIllegalTransitionIs409NamingTheState() throws Exception {
    JsonNode draft = api.draft(QueueApi.STAFF);

    JsonNode problem =
        problem(
            api.send(
                QueueApi.STAFF,
                "POST",
                "posts/" + draft.get("id").asText() + "/withdraw",
                "{'version': 1}"),
            409);

    assertThat(problem.get("state").asText()).isEqualTo("draft");
    assertThat(problem.get("detail").asText())
        .isEqualTo("A post that is draft cannot be withdrawn.");
  }

  @Test
  void aModeratorsEditOfAnApprovedPostKeepsItApprovedWithTheDiffInItsHistory() throws Exception {
    JsonNode approved = api.approved(QueueApi.STAFF);
    String publishAt = approved.get("publishAt").asText();

    JsonNode edited =
        QueueApi.ok(
            api.send(
                QueueApi.MODERATOR,
                "PUT",
                "posts/" + approved.get("id").asText(),
                "{'version': "
                    + approved.get("version").asInt()
                    + ", 'text': 'Book club meets on Tuesday at seven.', 'accounts':"
                    + " ['mastodon-main'], 'topic': 'events', 'intent': 'engagement',"
                    + " 'publishAt': '"
                    + publishAt
                    + "'}"),
            200);

    assertThat(edited.get("state").asText()).isEqualTo("approved");
    assertThat(edited.get("version").asInt()).isEqualTo(approved.get("version").asInt() + 1);
    assertThat(edited.get("publishAt").asText()).isEqualTo(publishAt);
    JsonNode edit = edited.get("history").get(edited.get("history").size() - 1);
    assertThat(edit.get("action").asText()).isEqualTo("edit");
    assertThat(edit.get("actor").asText()).isEqualTo("mgarcia");
    assertThat(edit.get("from").asText()).isEqualTo("approved");
    assertThat(edit.get("to").asText()).isEqualTo("approved");
    assertThat(edit.get("diff").asText())
        .isEqualTo("text: Book club meets on Tuesday at [-six.-]{+seven.+}");
  }

  @Test
  void approvingYourOwnPostIsForbiddenAndSaysWhy() throws Exception {
    JsonNode submitted = api.submitted(QueueApi.MODERATOR);

    JsonNode problem =
        problem(
            api.send(
                QueueApi.MODERATOR,
                "POST",
                "posts/" + submitted.get("id").asText() + "/approve",
                "{'version': 2}"),
            403);

    assertThat(problem.get("detail").asText())
        .isEqualTo("You cannot approve your own post; a colleague with the moderator role must.");
  }

  @Test
  void approvingAPromotionOverTheMixLimitAsksForConfirmationWithTheFigures() throws Exception {
    JsonNode promotion =
        api.submit(
            QueueApi.STAFF,
            QueueApi.ok(
                api.send(
                    QueueApi.STAFF,
                    "POST",
                    "posts",
                    "{'text': 'Renew your library card online!', 'accounts': ['mastodon-main'],"
                        + " 'topic': 'services', 'intent': 'promotion'}"),
                201));
    JsonNode mix = QueueApi.ok(api.get(QueueApi.MODERATOR, "dashboard/mix"), 200);
    String path = "posts/" + promotion.get("id").asText() + "/approve";

    JsonNode problem = problem(api.send(QueueApi.MODERATOR, "POST", path, "{'version': 2}"), 409);

    assertThat(problem.get("promotion").asInt()).isEqualTo(mix.get("promotion").asInt());
    assertThat(problem.get("engagement").asInt()).isEqualTo(mix.get("engagement").asInt());
    assertThat(problem.get("sharePercent").asDouble())
        .isEqualTo(mix.get("sharePercent").asDouble());
    assertThat(problem.get("limitPercent").asInt()).isZero();
    JsonNode approved =
        QueueApi.ok(
            api.send(QueueApi.MODERATOR, "POST", path, "{'version': 2, 'confirmMix': true}"), 200);
    assertThat(approved.get("state").asText()).isEqualTo("approved");
    JsonNode after = QueueApi.ok(api.get(QueueApi.MODERATOR, "dashboard/mix"), 200);
    assertThat(after.get("promotion").asInt()).isEqualTo(mix.get("promotion").asInt() + 1);
  }

  @Test
  void retryIsAConflictUntilSomethingHasFailedToPublish() throws Exception {
    JsonNode submitted = api.submitted(QueueApi.STAFF);

    JsonNode problem =
        problem(
            api.send(
                QueueApi.MODERATOR,
                "POST",
                "posts/" + submitted.get("id").asText() + "/retry",
                "{'version': 2}"),
            409);

    assertThat(problem.get("state").asText()).isEqualTo("submitted");
  }

  @Test
  void anUnknownActionIsNotFound() throws Exception {
    JsonNode submitted = api.submitted(QueueApi.STAFF);

    problem(
        api.send(
            QueueApi.MODERATOR,
            "POST",
            "posts/" + submitted.get("id").asText() + "/publish-now",
            "{'version': 2}"),
        404);
  }

  @Test
  void everyMisspeltFieldOfAPostIsNamedAtOnce() throws Exception {
    JsonNode problem =
        problem(
            api.send(
                QueueApi.STAFF,
                "POST",
                "posts",
                "{'txet': 'Hi', 'acounts': ['x-main'], 'topic': 'events', 'intent':"
                    + " 'engagement'}"),
            400);

    assertThat(problem.get("field").asText()).isEqualTo("txet");
    assertThat(problem.get("detail").asText())
        .startsWith("txet, acounts: unknown fields; expected ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown topic | {'text': 'Hi', 'accounts': ['x-main'], 'topic': 'gossip', 'intent':"
            + " 'engagement'} | topic",
        "unknown intent | {'text': 'Hi', 'accounts': ['x-main'], 'topic': 'events', 'intent':"
            + " 'sales'} | intent",
        "bad publishAt | {'text': 'Hi', 'accounts': ['x-main'], 'topic': 'events', 'intent':"
            + " 'engagement', 'publishAt': 'next tuesday'} | publishAt",
        "publishAt with a zone | {'text': 'Hi', 'accounts': ['x-main'], 'topic': 'events',"
            + " 'intent': 'engagement', 'publishAt': '2031-01-01T09:00Z'} | publishAt",
        "unknown account | {'text': 'Hi', 'accounts': ['x-main', 'myspace-main'], 'topic':"
            + " 'events', 'intent': 'engagement'} | accounts[1]",
        "no account | {'text': 'Hi', 'accounts': [], 'topic': 'events', 'intent':"
            + " 'engagement'} | accounts",
        "too many images | {'text': 'Hi', 'accounts': ['x-main'], 'topic': 'events', 'intent':"
            + " 'engagement', 'images': [{}, {}, {}, {}, {}]} | images",
        "missing alt text | {'text': 'Hi', 'accounts': ['x-main'], 'topic': 'events', 'intent':"
            + " 'engagement', 'images': [{'id': 'AAAAAAAAAAAAAAAAAAAAAA'}]} | images[0].alt",
        "blank alt text | {'text': 'Hi', 'accounts': ['x-main'], 'topic': 'events', 'intent':"
            + " 'engagement', 'images': [{'id': 'AAAAAAAAAAAAAAAAAAAAAA', 'alt': '  '}]} |"
            + " images[0].alt",
        "unknown image | {'text': 'Hi', 'accounts': ['x-main'], 'topic': 'events', 'intent':"
            + " 'engagement', 'images': [{'id': 'AAAAAAAAAAAAAAAAAAAAAA', 'alt': 'A reading"
            + " room'}]} | images[0].id",
        "text not text | {'text': 42, 'accounts': ['x-main'], 'topic': 'events', 'intent':"
            + " 'engagement'} | text",
        "a link that is no web address | {'text': 'Hi', 'link': 'javascript:alert(1)', 'accounts':"
            + " ['x-main'], 'topic': 'events', 'intent': 'engagement'} | link",
        "a misspelt field | {'text': 'Hi', 'acounts': ['x-main'], 'topic': 'events', 'intent':"
            + " 'engagement'} | acounts",
      })
  void everyBadFieldIsA400NamingIt(String name, String body, String field) throws Exception {
    JsonNode problem = problem(api.send(QueueApi.STAFF, "POST", "posts", body), 400);

    assertThat(problem.get("field").asText()).isEqualTo(field);
    assertThat(problem.get("detail").asText()).startsWith(field + ":");
  }

  @Test
  void aBadActionBodyNamesTheField() throws Exception {
    JsonNode submitted = api.submitted(QueueApi.STAFF);
    String path = "posts/" + submitted.get("id").asText() + "/approve";

    assertThat(problem(api.send(QueueApi.MODERATOR, "POST", path, "{}"), 400).get("field").asText())
        .isEqualTo("version");
    assertThat(
            problem(
                    api.send(
                        QueueApi.MODERATOR, "POST", path, "{'version': 2, 'confirmMix': 'yes'}"),
                    400)
                .get("field")
                .asText())
        .isEqualTo("confirmMix");
    assertThat(
            problem(
                    api.send(
                        QueueApi.MODERATOR, "POST", path, "{'version': 2, 'publishAt': '9am'}"),
                    400)
                .get("field")
                .asText())
        .isEqualTo("publishAt");
  }

  @Test
  void rejectingWithoutAReasonNamesTheNote() throws Exception {
    JsonNode submitted = api.submitted(QueueApi.STAFF);

    JsonNode problem =
        problem(
            api.send(
                QueueApi.MODERATOR,
                "POST",
                "posts/" + submitted.get("id").asText() + "/reject",
                "{'version': 2}"),
            400);

    assertThat(problem.get("field").asText()).isEqualTo("note");
  }

  @ParameterizedTest
  @CsvSource({
    "reject, \\u200b\\u200b",
    "reject, \\u3164",
    "request-changes, \\u00a0\\u00a0",
  })
  void aNoteOfOnlyInvisibleCharactersIsNoNoteAndNothingChanges(String action, String note)
      throws Exception {
    JsonNode submitted = api.submitted(QueueApi.STAFF);
    String id = submitted.get("id").asText();

    JsonNode problem =
        problem(
            api.send(
                QueueApi.MODERATOR,
                "POST",
                "posts/" + id + "/" + action,
                "{'version': 2, 'note': '" + note + "'}"),
            400);

    assertThat(problem.get("field").asText()).isEqualTo("note");
    JsonNode post = QueueApi.ok(api.get(QueueApi.MODERATOR, "posts/" + id), 200);
    assertThat(post.get("state").asText()).isEqualTo("submitted");
    assertThat(post.get("version").asInt()).isEqualTo(2);
  }

  @Test
  void aNoteOverFiveThousandCharactersIsRefusedNamingTheNote() throws Exception {
    JsonNode submitted = api.submitted(QueueApi.STAFF);

    JsonNode problem =
        problem(
            api.send(
                QueueApi.MODERATOR,
                "POST",
                "posts/" + submitted.get("id").asText() + "/reject",
                "{'version': 2, 'note': '" + "n".repeat(5_001) + "'}"),
            400);

    assertThat(problem.get("field").asText()).isEqualTo("note");
    assertThat(problem.get("detail").asText()).startsWith("note: at most 5000 characters");
  }

  @Test
  void aFormSentWhereJsonIsTakenIs415SayingSoAndNothingIsCreated() throws Exception {
    int before = count(QueueApi.STAFF);
    HttpResponse<String> form =
        intranet.send(
            intranet
                .request("/digital-branch/api/posts")
                .header(TestIntranet.USER_HEADER, QueueApi.STAFF)
                .header("X-CSRF-Token", TestIntranet.CSRF_TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("text=Storytime&accounts=mastodon-main")));

    JsonNode problem = problem(form, 415);
    assertThat(problem.get("detail").asText())
        .isEqualTo(
            "This request takes JSON, sent with Content-Type: application/json, not a form.");
    assertThat(count(QueueApi.STAFF)).isEqualTo(before);
  }

  private int count(String user) throws Exception {
    return TestIntranet.json(api.get(user, "posts?mine=true")).get("total").asInt();
  }

  @Test
  void malformedJsonIsA400() throws Exception {
    JsonNode problem =
        problem(
            api.sendRaw(
                QueueApi.STAFF, "POST", "posts", "{\"text\": \"Hi\",", TestIntranet.CSRF_TOKEN),
            400);

    assertThat(problem.get("detail").asText()).startsWith("malformed JSON");
  }

  @Test
  void everyUnsafeEndpointWithoutTheCsrfTokenIsForbiddenAndChangesNothing() throws Exception {
    JsonNode submitted = api.submitted(QueueApi.STAFF);
    String id = submitted.get("id").asText();
    List<String[]> unsafe =
        List.of(
            new String[] {"POST", "posts", QueueApi.DRAFT},
            new String[] {"POST", "posts/preview", QueueApi.DRAFT},
            new String[] {"PUT", "posts/" + id, "{'version': 2, 'text': 'Changed'}"},
            new String[] {"POST", "posts/" + id + "/submit", "{'version': 2}"},
            new String[] {"POST", "posts/" + id + "/approve", "{'version': 2}"},
            new String[] {"POST", "posts/" + id + "/reject", "{'version': 2, 'note': 'No'}"},
            new String[] {
              "POST", "posts/" + id + "/request-changes", "{'version': 2, 'note': 'x'}"
            },
            new String[] {"POST", "posts/" + id + "/withdraw", "{'version': 2}"},
            new String[] {"POST", "posts/" + id + "/retry", "{'version': 2}"},
            new String[] {"POST", "publishing/pause", "{'paused': true}"});
    for (String[] call : unsafe) {
      HttpResponse<String> response =
          api.sendRaw(QueueApi.ADMIN_MODERATOR, call[0], call[1], call[2].replace('\'', '"'), null);
      assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(403);
      assertThat(TestIntranet.json(response).get("detail").asText()).contains("CSRF");
    }
    HttpResponse<String> upload = api.upload(QueueApi.STAFF, "cover.png", QueueApi.png(100), null);
    assertThat(upload.statusCode()).isEqualTo(403);

    JsonNode post = QueueApi.ok(api.get(QueueApi.STAFF, "posts/" + id), 200);
    assertThat(post.get("version").asInt()).isEqualTo(2);
    assertThat(post.get("state").asText()).isEqualTo("submitted");
    assertThat(
            QueueApi.ok(api.get(QueueApi.STAFF, "publishing/pause"), 200).get("paused").asBoolean())
        .isFalse();
  }

  @Test
  void staffSendingTheWrongBodyToThePauseSwitchHearItIsNotTheirs() throws Exception {
    HttpResponse<String> odd =
        api.send(QueueApi.STAFF, "POST", "publishing/pause", "{'paused': 'x'}");

    assertThat(odd.statusCode()).isEqualTo(403);
  }

  @Test
  void anOversizedImageIs413NamingTheFile() throws Exception {
    JsonNode problem =
        problem(
            api.upload(
                QueueApi.STAFF, "big.png", QueueApi.png(IMAGE_LIMIT + 1), TestIntranet.CSRF_TOKEN),
            413);

    assertThat(problem.get("field").asText()).isEqualTo("file");
    assertThat(problem.get("limitBytes").asInt()).isEqualTo(IMAGE_LIMIT);
  }

  @Test
  void anUploadFarBeyondTheLimitIsRefusedBeforeItIsRead() throws Exception {
    // Only the head is sent, declaring a body far beyond the limit: an answer can only come if
    // the server refuses without reading. (Sending the body too raced the server's close: a
    // client still writing could lose the 413 to a reset.)
    long declared = IMAGE_LIMIT + ImagesApi.MULTIPART_OVERHEAD + 1;
    String answer =
        api.headOnly(
            QueueApi.STAFF,
            "POST",
            "/digital-branch/api/images",
            "multipart/form-data; boundary=b",
            declared,
            TestIntranet.CSRF_TOKEN);

    assertThat(answer).startsWith("HTTP/1.1 413 ").contains("application/problem+json");
    assertThat(answer).contains("\"title\":\"Content Too Large\"");
  }

  @Test
  void aRequestRefusedBeforeItsBodyArrivedLeavesTheConnectionOpenForTheNextRequest()
      throws Exception {
    byte[] body = QueueApi.DRAFT.getBytes(StandardCharsets.UTF_8);
    String answers =
        api.overOneConnection(
            // No CSRF token: refused before the body is read; the body follows 300 ms later.
            api.head(
                QueueApi.STAFF,
                "POST",
                "/digital-branch/api/posts",
                "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"),
            body,
            api.head(QueueApi.STAFF, "GET", "/digital-branch/api/posts", "Connection: close\r\n"));

    assertThat(answers).startsWith("HTTP/1.1 403 ");
    assertThat(answers.indexOf("HTTP/1.1 200 ")).as(answers).isPositive();
  }

  @Test
  void aStrangersRefusedRequestIsAnsweredWithoutWaitingForItsBody() throws Exception {
    // Not signed in, declaring a body that never comes: a server draining it would answer only
    // when its idle timeout (30 s) gave up on the body.
    long started = System.nanoTime();
    String answer =
        api.overOneConnection(
            api.head(
                null,
                "POST",
                "/digital-branch/api/posts",
                "Content-Type: application/json\r\nContent-Length: 500\r\n"));

    assertThat(answer).startsWith("HTTP/1.1 401 ");
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(java.time.Duration.ofSeconds(15));
  }

  @Test
  void aRefusedRequestThatAskedToContinueIsNotAskedForItsBody() throws Exception {
    // A colleague without the CSRF token, waiting for "100 Continue" before sending the body.
    String answer =
        api.overOneConnection(
            api.head(
                QueueApi.STAFF,
                "POST",
                "/digital-branch/api/posts",
                "Content-Type: application/json\r\nContent-Length: 500\r\n"
                    + "Expect: 100-continue\r\n"));

    assertThat(answer).startsWith("HTTP/1.1 403 ").doesNotContain("100 Continue");
  }

  @Test
  void aFileCutShortAfterItsSignatureIs400NamingTheFile() throws Exception {
    JsonNode problem =
        problem(
            api.upload(
                QueueApi.STAFF,
                "cut.png",
                java.util.Arrays.copyOf(PageClient.PNG, 8),
                TestIntranet.CSRF_TOKEN),
            400);

    assertThat(problem.get("field").asText()).isEqualTo("file");
    assertThat(problem.get("detail").asText()).contains("cut short or damaged");
  }

  @Test
  void aTextFileRenamedPngIs400NamingTheFile() throws Exception {
    JsonNode problem =
        problem(
            api.upload(
                QueueApi.STAFF,
                "poster.png",
                "Story time is at 10:30 on Saturdays.".getBytes(StandardCharsets.UTF_8),
                TestIntranet.CSRF_TOKEN),
            400);

    assertThat(problem.get("field").asText()).isEqualTo("file");
    assertThat(problem.get("detail").asText()).contains("not a PNG, JPEG, GIF or WebP image");
  }

  @Test
  void anUploadedImageBecomesThePostsAndIsServedWithItsSniffedType() throws Exception {
    JsonNode post = api.submit(QueueApi.STAFF, api.draftWithImage(QueueApi.STAFF));
    JsonNode image = post.get("images").get(0);

    HttpResponse<String> served = api.get(QueueApi.MODERATOR, "images/" + image.get("id").asText());

    assertThat(image.get("alt").asText())
        .isEqualTo("A stack of new picture books on a library cart");
    assertThat(image.get("url").asText())
        .isEqualTo("/digital-branch/api/images/" + image.get("id").asText());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(served.headers().firstValue("Content-Disposition")).hasValue("inline");
    assertThat(served.headers().firstValueAsLong("Content-Length")).hasValue(200);
  }

  @Test
  void anImageIdCannotWalkOutOfTheImageFolder() throws Exception {
    for (String id :
        List.of(
            "..%2F..%2Fdigital-branch.db",
            "..%2Fdigital-branch.db", "%2E%2E", "x".repeat(22) + ".png")) {
      assertThat(api.get(QueueApi.STAFF, "images/" + id).statusCode()).as(id).isIn(400, 404);
    }
  }

  @Test
  void theListingShowsStaffTheirOwnPostsAndTheQueue() throws Exception {
    JsonNode mine = api.draft(QueueApi.OTHER_STAFF);
    JsonNode othersDraft = api.draft(QueueApi.STAFF);
    JsonNode waiting = api.submitted(QueueApi.STAFF);

    JsonNode listing = QueueApi.ok(api.get(QueueApi.OTHER_STAFF, "posts"), 200);
    List<String> ids = listing.get("posts").findValuesAsText("id");

    assertThat(ids)
        .contains(mine.get("id").asText(), waiting.get("id").asText())
        .doesNotContain(othersDraft.get("id").asText());
    JsonNode drafts =
        QueueApi.ok(api.get(QueueApi.OTHER_STAFF, "posts?mine=true&state=draft"), 200);
    assertThat(drafts.get("posts").findValuesAsText("state")).containsOnly("draft");
    assertThat(drafts.get("posts").findValuesAsText("author")).containsOnly("kpark");
  }

  @Test
  void theModeratorsQueueIsOldestFirstWithItsAge() throws Exception {
    JsonNode first = api.submitted(QueueApi.OTHER_STAFF);
    JsonNode second = api.submitted(QueueApi.OTHER_STAFF);

    JsonNode listing =
        QueueApi.ok(api.get(QueueApi.MODERATOR, "posts?author=kpark&state=submitted"), 200);

    List<String> ids = listing.get("posts").findValuesAsText("id");
    assertThat(ids.indexOf(first.get("id").asText()))
        .isLessThan(ids.indexOf(second.get("id").asText()));
    assertThat(listing.get("posts").get(0).has("waitingSeconds")).isTrue();
  }

  @Test
  void theListingComesAPageAtATimeWithTheTotal() throws Exception {
    for (int i = 0; i < 3; i++) {
      api.draft(QueueApi.OTHER_STAFF);
    }
    JsonNode all =
        QueueApi.ok(api.get(QueueApi.OTHER_STAFF, "posts?mine=true&state=draft&limit=500"), 200);
    List<String> ids = all.get("posts").findValuesAsText("id");

    JsonNode page =
        QueueApi.ok(
            api.get(QueueApi.OTHER_STAFF, "posts?mine=true&state=draft&limit=2&offset=1"), 200);

    assertThat(ids).hasSizeGreaterThanOrEqualTo(3);
    assertThat(all.get("total").asInt()).isEqualTo(ids.size());
    assertThat(page.get("posts").findValuesAsText("id")).isEqualTo(ids.subList(1, 3));
    assertThat(page.get("count").asInt()).isEqualTo(2);
    assertThat(page.get("total").asInt()).isEqualTo(ids.size());
    assertThat(page.get("offset").asInt()).isEqualTo(1);
    assertThat(page.get("limit").asInt()).isEqualTo(2);
    assertThat(
            QueueApi.ok(api.get(QueueApi.OTHER_STAFF, "posts?mine=true&offset=100000"), 200)
                .get("posts"))
        .isEmpty();
    for (String bad : List.of("limit=0", "limit=501", "limit=ten", "offset=-1", "offset=x")) {
      assertThat(problem(api.get(QueueApi.STAFF, "posts?" + bad), 400).get("field").asText())
          .as(bad)
          .isEqualTo(bad.substring(0, bad.indexOf('=')));
    }
  }

  @Test
  void anUnknownListFilterIsA400() throws Exception {
    assertThat(problem(api.get(QueueApi.STAFF, "posts?colour=red"), 400).get("field").asText())
        .isEqualTo("colour");
    assertThat(problem(api.get(QueueApi.STAFF, "posts?state=lost"), 400).get("field").asText())
        .isEqualTo("state");
  }

  @Test
  void aListFilterGivenTwiceIsA400NamingIt() throws Exception {
    for (String filter :
        List.of(
            "state=draft&state=submitted",
            "account=mastodon-main&account=x-main",
            "author=jlee&author=kpark",
            "topic=events&topic=materials",
            "intent=engagement&intent=promotion",
            "mine=true&mine=false")) {
      String name = filter.substring(0, filter.indexOf('='));

      JsonNode problem = problem(api.get(QueueApi.STAFF, "posts?" + filter), 400);

      assertThat(problem.get("field").asText()).as(filter).isEqualTo(name);
      assertThat(problem.get("detail").asText())
          .as(filter)
          .startsWith(name + ": give one value, not 2");
    }
  }

  @Test
  void readingThePreviewIsA405NotAPostNamedPreview() throws Exception {
    HttpResponse<String> response = api.get(QueueApi.STAFF, "posts/preview");

    JsonNode problem = problem(response, 405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(problem.get("detail").asText()).contains("use POST");
  }

  @Test
  void thePreviewGivesTheServersCountersAndHints() throws Exception {
    JsonNode preview =
        QueueApi.ok(
            api.send(
                QueueApi.STAFF,
                "POST",
                "posts/preview",
                "{'text': 'Join us! #summerreading', 'accounts': ['x-main', 'mastodon-main'],"
                    + " 'topic': 'events', 'intent': 'engagement'}"),
            200);

    assertThat(preview.get("platforms").findValuesAsText("account"))
        .containsExactly("x-main", "mastodon-main");
    assertThat(preview.get("platforms").get(0).get("used").asInt()).isEqualTo(23);
    assertThat(preview.get("platforms").get(0).get("limit").asInt()).isEqualTo(280);
    assertThat(preview.get("warnings").findValuesAsText("field")).contains("text");
  }

  @Test
  void onlyAnAdminPausesPublishingAndTheSwitchSaysWhoAndWhen() throws Exception {
    JsonNode paused =
        QueueApi.ok(api.send(QueueApi.ADMIN, "POST", "publishing/pause", "{'paused': true}"), 200);
    JsonNode seen = QueueApi.ok(api.get(QueueApi.STAFF, "publishing/pause"), 200);
    QueueApi.ok(api.send(QueueApi.ADMIN, "POST", "publishing/pause", "{'paused': false}"), 200);

    assertThat(paused.get("paused").asBoolean()).isTrue();
    assertThat(seen.get("paused").asBoolean()).isTrue();
    assertThat(seen.get("changedBy").asText()).isEqualTo("aadmin");
    assertThat(seen.get("changedAt").asText()).endsWith("Z");
  }

  @Test
  void moderatorsSeeTheQueueCountAsANavigationBadge() throws Exception {
    JsonNode waiting = api.submitted(QueueApi.STAFF);
    int count = QueueApi.ok(api.get(QueueApi.MODERATOR, "posts"), 200).get("count").asInt();

    var plugin = (DigitalBranchPlugin) intranet.plugin();
    assertThat(plugin.navigationBadges(user(QueueApi.MODERATOR))).containsEntry("queue", count);
    assertThat(plugin.navigationBadges(user(QueueApi.STAFF))).isEmpty();
    assertThat(count).isPositive();
    assertThat(waiting.get("state").asText()).isEqualTo("submitted");
  }

  private static org.digitalbranch.descriptor.spi.IntranetUser user(String header) {
    String[] parts = header.split(";");
    return new org.digitalbranch.descriptor.spi.IntranetUser(
        parts[0], parts[1], java.util.Set.of(parts[2].split(",")));
  }
}
