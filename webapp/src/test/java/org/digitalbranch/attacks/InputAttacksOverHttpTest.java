package org.digitalbranch.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against the real host in its demo, end to end over HTTP: bodies too large, JSON too
 * deep or too big, broken UTF-8 and NUL bytes, paths that try to walk out of a folder, SQL
 * metacharacters in every filter, and Lucene queries built to make the index work for minutes. Each
 * must be answered with a clear 4xx (or harmless results), never a 500, and the store must come out
 * as it went in. The plugin's own tests cover each check alone (PluginWebTest, PostsApiTest,
 * BadQueryTest); these show that the host in front of them leaves none of them bypassed.
 */
class InputAttacksOverHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/digital-branch/api/";

  /** Generous: a search the parser lets through answers in milliseconds on this data. */
  private static final Duration SEARCH_BOUND = Duration.ofSeconds(5);

  @TempDir static Path data;
  static HostUnderAttack host;
  static Attacker staff;
  static Attacker admin;
  static String postId;

  @BeforeAll
  static void start() throws Exception {
    host = HostUnderAttack.start(IntranetConfig.demo(data));
    staff = host.signedIn("staff", "staff");
    admin = host.signedIn("admin", "admin");
    HttpResponse<String> created =
        staff.json(
            "POST",
            API + "posts",
            bytes(
                "{\"text\": \"Story time moves to the garden on Saturday.\", \"accounts\":"
                    + " [\"mastodon-main\"], \"topic\": \"events\", \"intent\": \"engagement\","
                    + " \"publishAt\": null, \"images\": []}"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    postId = JSON.readTree(created.body()).get("id").asText();
  }

  @AfterAll
  static void stop() throws Exception {
    host.close();
  }

  // ------------------------------------------------------------------ bodies

  @Test
  void aBodyOverTheLimitIsRefused413WhetherDeclaredOrChunked() throws Exception {
    // Valid JSON as far as it goes, so the parser keeps reading until the limit stops it; only a
    // little over the limit, so what the server leaves unread fits the socket buffers and the
    // client finishes sending before the server closes (else it may never read the 413).
    byte[] big = bytes("{\"text\": \"" + "a".repeat(1024 * 1024 + 16 * 1024) + "\"}");
    // The webhook's own limit is shown where it is set up (WebhookAttacksOverHttpTest).
    for (String path : List.of(API + "posts", API + "posts/preview", API + "posts/" + postId)) {
      HttpResponse<String> declared =
          staff.sendAlone(
              staff
                  .request(path)
                  .header("Content-Type", "application/json")
                  // The server refuses on the declared length alone: the body is never sent.
                  .expectContinue(true)
                  .method(method(path), HttpRequest.BodyPublishers.ofByteArray(big)));
      HttpResponse<String> chunked =
          staff.sendAlone(
              staff
                  .request(path)
                  .header("Content-Type", "application/json")
                  .method(
                      method(path),
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(big))));

      assertThat(declared.statusCode()).as("declared " + path).isEqualTo(413);
      assertThat(chunked.statusCode()).as("chunked " + path + " " + chunked.body()).isEqualTo(413);
    }
    HttpResponse<String> page =
        staff.sendAlone(
            staff
                .request("/digital-branch/compose")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
    assertThat(page.statusCode()).as("the compose form").isEqualTo(413);
  }

  @Test
  void theHostsOwnFormsRefuseAHugeFormWithoutA500() throws Exception {
    byte[] big = ("username=" + "a".repeat(3 * 1024 * 1024)).getBytes(StandardCharsets.US_ASCII);
    Attacker anonymous = new Attacker(host.base());
    HttpResponse<String> login =
        anonymous.sendAlone(
            anonymous
                .request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));

    // Refused on its declared length, before the body is sent (Expect: 100-continue).
    assertThat(login.statusCode()).isEqualTo(413);
    assertThat(login.headers().firstValue("Connection")).hasValue("close");
  }

  @Test
  void jsonTenThousandArraysDeepIsA400NamingTheDepth() throws Exception {
    byte[] deep = bytes("[".repeat(10_000) + "]".repeat(10_000));
    byte[] deepInside =
        bytes("{\"text\": " + "[".repeat(10_000) + "]".repeat(10_000) + ", \"accounts\": []}");

    for (String path : jsonEndpoints()) {
      for (byte[] body : List.of(deep, deepInside)) {
        HttpResponse<String> answer = caller(path).json(method(path), path, body);
        assertThat(answer.statusCode()).as(path).isEqualTo(400);
        assertThat(problemDetail(answer))
            .as(path)
            .contains("nesting depth (33) exceeds the maximum allowed (32)");
      }
    }
  }

  @Test
  void hugeJsonIsRefusedAsTooBigOrInvalidNeverA500() throws Exception {
    StringBuilder manyFields = new StringBuilder("{");
    for (int i = 0; i < 20_000; i++) {
      manyFields.append("\"f").append(i).append("\":1,");
    }
    manyFields.append("\"text\":\"x\"}");
    String longText =
        "{\"text\": \""
            + "a".repeat(1_000_000)
            + "\", \"accounts\": [\"mastodon-main\"], \"topic\": \"events\", \"intent\":"
            + " \"engagement\", \"images\": []}";
    String longNumber = "{\"version\": " + "9".repeat(100_000) + "}";
    String fitsButTooLong =
        "{\"text\": \""
            + "a".repeat(200_000)
            + "\", \"accounts\": [\"mastodon-main\"], \"topic\": \"events\", \"intent\":"
            + " \"engagement\", \"images\": []}";

    for (String path : jsonEndpoints()) {
      for (String body : List.of(manyFields.toString(), longText, longNumber, fitsButTooLong)) {
        HttpResponse<String> answer =
            caller(path)
                .sendAlone(
                    caller(path)
                        .request(path)
                        .header("Content-Type", "application/json")
                        .expectContinue(true)
                        .method(method(path), HttpRequest.BodyPublishers.ofString(body)));
        // The preview only counts characters: a long text within the size limit is harmless.
        // A reply to a conversation that does not exist is 404 before its body is read.
        List<Integer> allowed =
            path.endsWith("/preview") && body.startsWith("{\"text\"")
                ? List.of(200, 400)
                : path.endsWith("/replies") ? List.of(400, 404, 413) : List.of(400, 409, 413);
        assertThat(answer.statusCode())
            .as(path + " with " + body.length() + " characters")
            .isIn(allowed);
      }
    }
    assertThat(postCount()).isEqualTo(1);
  }

  @Test
  void invalidUtf8AndNulInJsonBodiesAreA400() throws Exception {
    byte[] invalid =
        concat(bytes("{\"text\": \"caf"), new byte[] {(byte) 0xC3, (byte) 0x28}, bytes("\"}"));
    byte[] overlong =
        concat(bytes("{\"text\": \""), new byte[] {(byte) 0xC0, (byte) 0xAF}, bytes("\"}"));
    byte[] escapedNul = bytes("{\"text\": \"before\\u0000after\", \"accounts\": []}");
    byte[] rawNul = concat(bytes("{\"text\": \"a"), new byte[] {0}, bytes("b\"}"));
    byte[] nulKey = bytes("{\"te\\u0000xt\": \"a\"}");

    for (String path : jsonEndpoints()) {
      for (byte[] body : List.of(invalid, overlong, escapedNul, rawNul, nulKey)) {
        HttpResponse<String> answer = caller(path).json(method(path), path, body);
        assertThat(answer.statusCode()).as(path + " " + new String(body)).isEqualTo(400);
      }
    }
    assertThat(postCount()).isEqualTo(1);
  }

  @Test
  void invalidUtf8AndNulInFormFieldsAreRefusedOrKeptHarmless() throws Exception {
    String csrf = "csrf=" + Attacker.encode(staff.csrf());
    List<String> forms =
        List.of(
            "text=caf%C3%28&accounts=mastodon-main&topic=events&intent=engagement&" + csrf,
            "text=a%00b&accounts=mastodon-main&topic=events&intent=engagement&" + csrf,
            "text=%FF%FE%FD&accounts=mastodon%00-main&topic=ev%00ents&intent=engagement&" + csrf,
            "text=ok&accounts=mastodon-main&topic=events&intent=engagement&publishAt=2026%00-12-01&"
                + csrf);
    int before = postCount();

    for (String form : forms) {
      HttpResponse<String> answer =
          staff.send(
              staff
                  .request("/digital-branch/compose")
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form)));
      assertThat(answer.statusCode()).as(form).isIn(303, 400);
    }
    for (JsonNode post : posts()) {
      assertThat(post.get("text").asText())
          .doesNotContain("\0")
          .doesNotContain("\uFFFD\uFFFD\uFFFD");
    }
    assertThat(postCount()).isBetween(before, before + forms.size());
  }

  @Test
  void invalidUtf8AndNulInQueryParametersAndHeadersAreNeverA500() throws Exception {
    List<String> targets =
        List.of(
            API + "archive/search?q=",
            API + "archive/suggest?q=",
            API + "conversations?status=",
            API + "posts?state=",
            "/digital-branch/archive?q=",
            "/digital-branch/queue?author=",
            "/search?q=",
            "/api/search?q=");
    List<String> values = List.of("caf%C3%28", "a%00b", "%FF%FE", "%C0%AF", "%ED%A0%80");
    for (String target : targets) {
      for (String value : values) {
        HostUnderAttack.RawResponse answer =
            host.raw(
                bytes(
                    "GET "
                        + target
                        + value
                        + " HTTP/1.1\r\nCookie: "
                        + staff.sessionCookie()
                        + "\r\nAccept: application/json"),
                new byte[0]);
        assertThat(answer.status()).as(target + value).isIn(200, 400);
      }
    }
    for (String header : List.of("X-CSRF-Token", "Accept-Language", "Referer", "User-Agent")) {
      byte[] head =
          concat(
              bytes(
                  "POST "
                      + API
                      + "posts/preview HTTP/1.1\r\nCookie: "
                      + staff.sessionCookie()
                      + "\r\nContent-Type: application/json\r\n"
                      + header
                      + ": a"),
              new byte[] {(byte) 0xFF, (byte) 0xC3, 0x28, 0x01},
              bytes("b"));
      HostUnderAttack.RawResponse answer = host.raw(head, bytes("{\"text\": \"hello\"}"));
      assertThat(answer.status()).as(header).isIn(200, 400, 403);
    }
  }

  // ------------------------------------------------------------------ paths and ids

  @Test
  void noFileNameOrIdWalksOutOfItsFolder() throws Exception {
    List<String> templates =
        List.of(
            API + "images/%s",
            API + "posts/%s",
            API + "posts/%s/submit",
            "/digital-branch/posts/%s",
            "/digital-branch/posts/%s/edit",
            API + "conversations/%s",
            API + "conversations/%s/similar",
            API + "conversations/%s/export?format=json",
            "/digital-branch/conversations/%s",
            "/digital-branch/public/images/%s",
            "/digital-branch/static/%s",
            "/static/%s");
    for (String payload : Payloads.of("path-traversal.txt")) {
      for (String template : templates) {
        String target = template.formatted(payload.replace(" ", "%20"));
        String method = target.endsWith("/submit") ? "POST" : "GET";
        HostUnderAttack.RawResponse answer =
            host.raw(
                bytes(
                    method
                        + " "
                        + target
                        + " HTTP/1.1\r\nCookie: "
                        + staff.sessionCookie()
                        + "\r\nX-CSRF-Token: "
                        + staff.csrf()
                        + "\r\nContent-Type: application/json"),
                method.equals("POST") ? bytes("{\"version\": 1}") : new byte[0]);
        assertThat(answer.status()).as(method + " " + target).isIn(400, 404);
        assertThat(answer.body())
            .as(target)
            .doesNotContain("root:")
            .doesNotContain("[fonts]")
            .doesNotContain("SQLite format");
      }
    }
  }

  @Test
  void anUploadedFileNameCannotChooseWhereTheImageIsKept() throws Exception {
    byte[] png =
        java.util.Base64.getDecoder()
            .decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==");
    for (String name : Payloads.of("path-traversal.txt")) {
      String boundary = "attack-boundary";
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.write(
          bytes(
              "--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + name.replace("\"", "")
                  + ".png\"\r\nContent-Type: image/png\r\n\r\n"));
      body.write(png);
      body.write(bytes("\r\n--" + boundary + "--\r\n"));
      HttpResponse<String> answer =
          staff.send(
              staff
                  .request(API + "images")
                  .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));

      assertThat(answer.statusCode()).as(name).isEqualTo(201);
      String id = JSON.readTree(answer.body()).get("id").asText();
      assertThat(id).as(name).matches("[A-Za-z0-9_-]{22}");
      assertThat(staff.get(API + "images/" + id).statusCode()).isEqualTo(200);
    }
    try (var files = Files.walk(data)) {
      assertThat(files.filter(f -> f.getFileName().toString().contains("passwd")).toList())
          .isEmpty();
    }
    assertThat(data.getParent().resolve("etc")).doesNotExist();
  }

  // ------------------------------------------------------------------ SQL

  @Test
  void sqlMetacharactersInEveryParameterFindNothingOrAre400AndTheStoreIsIntact() throws Exception {
    int posts = postCount();
    List<String> targets =
        List.of(
            API + "posts?state=%s",
            API + "posts?account=%s",
            API + "posts?author=%s",
            API + "posts?topic=%s",
            API + "posts?intent=%s",
            API + "posts?mine=%s",
            API + "conversations?status=%s",
            API + "conversations?kind=%s",
            API + "conversations?account=%s",
            API + "conversations?limit=%s",
            API + "conversations?offset=%s",
            API + "archive/search?q=%s",
            API + "archive/search?platform=%s",
            API + "archive/search?account=%s",
            API + "archive/search?kind=%s",
            API + "archive/search?status=%s",
            API + "archive/search?staff=%s",
            API + "archive/search?topic=%s",
            API + "archive/search?from=%s",
            API + "archive/search?to=%s",
            API + "archive/search?sort=%s",
            API + "archive/search?page=%s",
            API + "archive/suggest?q=%s",
            API + "archive/export?format=json&q=%s",
            API + "archive/export?format=%s",
            "/digital-branch/queue?author=%s",
            "/digital-branch/queue?account=%s",
            "/digital-branch/inbox?status=%s",
            "/digital-branch/archive?q=%s",
            "/digital-branch/archive?account=%s",
            "/search?q=%s",
            "/api/search?q=%s");

    for (String payload : Payloads.of("sql-metacharacters.txt")) {
      for (String target : targets) {
        String url = target.formatted(Attacker.encode(payload));
        HttpResponse<String> answer = admin.get(url);
        assertThat(answer.statusCode()).as(url + "\n" + answer.body()).isIn(200, 400);
        if (answer.statusCode() == 200 && url.startsWith(API + "posts?")) {
          assertThat(JSON.readTree(answer.body()).get("posts")).as(url).isEmpty();
        }
        if (answer.statusCode() == 200 && url.startsWith(API + "conversations?")) {
          assertThat(JSON.readTree(answer.body()).get("conversations")).as(url).isEmpty();
        }
      }
    }

    assertThat(postCount()).isEqualTo(posts);
    assertThat(staff.get(API + "posts/" + postId).statusCode()).isEqualTo(200);
    assertThat(staff.get(API + "conversations").statusCode()).isEqualTo(200);
    assertThat(staff.get(API + "publishing/pause").body()).contains("\"paused\":false");
  }

  // ------------------------------------------------------------------ Lucene

  @Test
  void luceneSyntaxBombsAreAnsweredWithinSecondsWithResultsOrAMessage() throws Exception {
    List<String> slow = new ArrayList<>();
    for (String bomb : Payloads.of("lucene-bombs.txt")) {
      String q = Attacker.encode(bomb);
      for (String target :
          List.of(
              API + "archive/search?q=",
              API + "archive/suggest?q=",
              "/digital-branch/archive?q=",
              "/api/search?q=")) {
        Instant started = Instant.now();
        HttpResponse<String> answer = staff.get(target + q);
        Duration took = Duration.between(started, Instant.now());

        String what = target + " with " + bomb.length() + " characters: " + abbreviate(bomb);
        assertThat(answer.statusCode()).as(what + "\n" + answer.body()).isIn(200, 400);
        if (answer.statusCode() == 400 && target.startsWith(API)) {
          assertThat(problemDetail(answer)).as(what).startsWith("q: ");
        } else if (answer.statusCode() == 400) {
          assertThat(answer.body()).as(what).contains("q: ");
        }
        if (target.equals("/api/search?q=")) {
          assertThat(answer.body()).as(what).doesNotContain("\"failed\":true");
        }
        if (took.compareTo(SEARCH_BOUND) > 0) {
          slow.add(what + " took " + took.toMillis() + " ms");
        }
      }
    }
    assertThat(slow).as("searches slower than " + SEARCH_BOUND).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  /** Every endpoint that reads a JSON body, with an existing post where one is needed. */
  private static List<String> jsonEndpoints() {
    return List.of(
        API + "posts",
        API + "posts/preview",
        API + "posts/" + postId,
        API + "posts/" + postId + "/submit",
        API + "publishing/pause",
        API + "conversations/c-unknown/replies");
  }

  /**
   * Who sends the body: staff, but an admin to the pause switch, which answers anyone else 403
   * before it reads a body at all.
   */
  private static Attacker caller(String path) {
    return path.equals(API + "publishing/pause") ? admin : staff;
  }

  private static String method(String path) {
    return path.equals(API + "posts/" + postId) ? "PUT" : "POST";
  }

  private static List<JsonNode> posts() throws Exception {
    HttpResponse<String> listed = staff.get(API + "posts");
    assertThat(listed.statusCode()).isEqualTo(200);
    List<JsonNode> posts = new ArrayList<>();
    JSON.readTree(listed.body()).get("posts").forEach(posts::add);
    return posts;
  }

  private static int postCount() throws Exception {
    return posts().size();
  }

  private static String problemDetail(HttpResponse<String> answer) throws Exception {
    JsonNode problem = JSON.readTree(answer.body());
    return problem.path("detail").asText("");
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
