package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every API endpoint × anonymous, the author (staff), another staff member, a moderator and an
 * admin (without the moderator role). Each cell starts from its own fresh post, so no cell depends
 * on another, and the expected statuses are one table to read.
 */
class ApiRoleMatrixTest {

  private static final String ANONYMOUS = null;
  private static final List<String> USERS =
      Arrays.asList(
          ANONYMOUS, QueueApi.STAFF, QueueApi.OTHER_STAFF, QueueApi.MODERATOR, QueueApi.ADMIN);
  private static final List<String> COLUMNS =
      List.of("anonymous", "author", "other staff", "moderator", "admin");

  @TempDir static Path dataDir;
  private static TestIntranet intranet;
  private static QueueApi api;

  @BeforeAll
  static void start() throws Exception {
    intranet = TestIntranet.start(dataDir, QueueApi.settings(4096));
    api = new QueueApi(intranet);
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  /** One request against a fixture the author ({@link QueueApi#STAFF}) prepared for the cell. */
  @FunctionalInterface
  interface Call {
    HttpResponse<String> send(String user) throws Exception;
  }

  private record Row(String endpoint, Call call, int... expected) {}

  private static Call onPost(Fixture fixture, String method, String action, String body) {
    return user -> {
      JsonNode post = fixture.make();
      String path = "posts/" + post.get("id").asText() + (action == null ? "" : "/" + action);
      String filled = body.replace("VERSION", post.get("version").asText());
      return method.equals("GET") ? api.get(user, path) : api.send(user, method, path, filled);
    };
  }

  @FunctionalInterface
  interface Fixture {
    JsonNode make() throws Exception;
  }

  /** For rows that only read: one fixture shared by the row's cells. */
  private static Fixture once(Fixture fixture) {
    JsonNode[] made = new JsonNode[1];
    return () -> {
      if (made[0] == null) {
        made[0] = fixture.make();
      }
      return made[0];
    };
  }

  private static List<Row> table() {
    Fixture draft = () -> api.draft(QueueApi.STAFF);
    Fixture submitted = () -> api.submitted(QueueApi.STAFF);
    Fixture approved = () -> api.approved(QueueApi.STAFF);
    String version = "{'version': VERSION}";
    String withNote = "{'version': VERSION, 'note': 'Please add the branch hours.'}";
    String edit =
        "{'version': VERSION, 'text': 'What are you reading this week?', 'accounts':"
            + " ['mastodon-main'], 'topic': 'readers-advisory', 'intent': 'engagement'}";
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("GET api/me", u -> api.get(u, "me"), 401, 200, 200, 200, 200));
    rows.add(new Row("GET api/posts", u -> api.get(u, "posts"), 401, 200, 200, 200, 200));
    rows.add(
        new Row(
            "GET api/posts?mine=true",
            u -> api.get(u, "posts?mine=true"),
            401,
            200,
            200,
            200,
            200));
    rows.add(
        new Row(
            "POST api/posts",
            u -> api.send(u, "POST", "posts", QueueApi.DRAFT),
            401,
            201,
            201,
            201,
            201));
    rows.add(
        new Row(
            "POST api/posts/preview",
            u -> api.send(u, "POST", "posts/preview", QueueApi.DRAFT),
            401,
            200,
            200,
            200,
            200));
    rows.add(
        new Row(
            "GET api/posts/{draft}",
            onPost(once(draft), "GET", null, ""),
            401,
            200,
            404,
            404,
            404));
    rows.add(
        new Row(
            "GET api/posts/{submitted}",
            onPost(once(submitted), "GET", null, ""),
            401,
            200,
            200,
            200,
            200));
    rows.add(
        new Row(
            "PUT api/posts/{draft}", onPost(draft, "PUT", null, edit), 401, 200, 404, 404, 404));
    rows.add(
        new Row(
            "PUT api/posts/{submitted}",
            onPost(submitted, "PUT", null, edit),
            401,
            200,
            403,
            200,
            403));
    rows.add(
        new Row(
            "PUT api/posts/{approved}",
            onPost(approved, "PUT", null, edit),
            401,
            200,
            403,
            200,
            403));
    rows.add(
        new Row(
            "POST submit {draft}",
            onPost(draft, "POST", "submit", version),
            401,
            200,
            404,
            404,
            404));
    rows.add(
        new Row(
            "POST approve {submitted}",
            onPost(submitted, "POST", "approve", version),
            401,
            403,
            403,
            200,
            403));
    rows.add(
        new Row(
            "POST reject {submitted}",
            onPost(submitted, "POST", "reject", withNote),
            401,
            403,
            403,
            200,
            403));
    rows.add(
        new Row(
            "POST request-changes {submitted}",
            onPost(submitted, "POST", "request-changes", withNote),
            401,
            403,
            403,
            200,
            403));
    rows.add(
        new Row(
            "POST withdraw {submitted}",
            onPost(submitted, "POST", "withdraw", version),
            401,
            200,
            403,
            403,
            403));
    rows.add(
        new Row(
            "POST retry {submitted}",
            onPost(submitted, "POST", "retry", version),
            401,
            403,
            403,
            409,
            403));
    rows.add(
        new Row(
            "POST api/images",
            u -> api.upload(u, "cover.png", QueueApi.png(300), TestIntranet.CSRF_TOKEN),
            401,
            201,
            201,
            201,
            201));
    rows.add(
        new Row(
            "GET api/images/{image of a draft}",
            onImage(once(() -> api.draftWithImage(QueueApi.STAFF))),
            401,
            200,
            404,
            404,
            404));
    rows.add(
        new Row(
            "GET api/images/{image of a submitted post}",
            onImage(once(() -> api.submit(QueueApi.STAFF, api.draftWithImage(QueueApi.STAFF)))),
            401,
            200,
            200,
            200,
            200));
    rows.add(
        new Row(
            "GET api/images/{staged upload}",
            u -> api.get(u, "images/" + api.uploaded(QueueApi.STAFF)),
            401,
            200,
            404,
            404,
            404));
    rows.add(
        new Row(
            "GET api/dashboard/mix", u -> api.get(u, "dashboard/mix"), 401, 403, 403, 200, 200));
    rows.add(
        new Row(
            "GET api/publishing/pause",
            u -> api.get(u, "publishing/pause"),
            401,
            200,
            200,
            200,
            200));
    rows.add(
        new Row(
            "POST api/publishing/pause",
            u -> api.send(u, "POST", "publishing/pause", "{'paused': false}"),
            401,
            403,
            403,
            403,
            200));
    return rows;
  }

  private static Call onImage(Fixture post) {
    return user -> api.get(user, "images/" + post.make().get("images").get(0).get("id").asText());
  }

  @TestFactory
  Stream<DynamicTest> everyEndpointAnswersEveryRoleAsTheTableSays() {
    return table().stream()
        .flatMap(
            row ->
                java.util.stream.IntStream.range(0, USERS.size())
                    .mapToObj(
                        column ->
                            DynamicTest.dynamicTest(
                                row.endpoint() + " as " + COLUMNS.get(column),
                                () -> {
                                  HttpResponse<String> response =
                                      row.call().send(USERS.get(column));
                                  assertThat(response.statusCode())
                                      .as(
                                          "%s as %s: %s",
                                          row.endpoint(), COLUMNS.get(column), response.body())
                                      .isEqualTo(row.expected()[column]);
                                })));
  }
}
