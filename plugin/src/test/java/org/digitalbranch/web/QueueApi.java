package org.digitalbranch.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Speaks the queue's API to a {@link TestIntranet} as one of a few test users. */
final class QueueApi {

  static final String STAFF = "jlee;J. Lee;digital-branch.staff";
  static final String OTHER_STAFF = "kpark;K. Park;digital-branch.staff";
  static final String MODERATOR = "mgarcia;M. Garcia;digital-branch.staff,digital-branch.moderator";
  static final String MODERATOR_2 =
      "tnguyen;T. Nguyen;digital-branch.staff,digital-branch.moderator";
  static final String ADMIN = "aadmin;A. Admin;digital-branch.admin";
  static final String ADMIN_MODERATOR =
      "aadmin;A. Admin;digital-branch.staff,digital-branch.moderator,digital-branch.admin";

  /** Two accounts every test user works; the mix limit 0 makes every promotion need confirming. */
  static String settings(int imageMaxBytes) {
    String team = "['jlee', 'kpark', 'mgarcia', 'tnguyen', 'aadmin']";
    return "{'timeZone': 'America/Chicago', 'promotionLimitPercent': 0, 'imageMaxBytes': "
        + imageMaxBytes
        + ", 'accounts': [{'id': 'mastodon-main', 'platform': 'mastodon', 'handle':"
        + " '@library@example.social', 'team': "
        + team
        + "}, {'id': 'x-main', 'platform': 'x', 'handle': '@library', 'team': "
        + team
        + "}]}";
  }

  /**
   * The day the clocks go forward in Chicago next year (the second Sunday of March), as yyyy-mm-dd:
   * its 02:00 to 03:00 does not exist there.
   */
  static String springForwardNextYear() {
    return java.time.LocalDate.now()
        .plusYears(1)
        .withMonth(3)
        .withDayOfMonth(1)
        .with(java.time.temporal.TemporalAdjusters.dayOfWeekInMonth(2, java.time.DayOfWeek.SUNDAY))
        .toString();
  }

  /** A 1×1 PNG padded with zeros to {@code size} bytes (the store reads its header only). */
  static byte[] png(int size) {
    return java.util.Arrays.copyOf(PageClient.PNG, size);
  }

  static final String DRAFT =
      "{'text': 'What are you reading this weekend?', 'accounts': ['mastodon-main'], 'topic':"
          + " 'readers-advisory', 'intent': 'engagement'}";

  private final TestIntranet intranet;

  QueueApi(TestIntranet intranet) {
    this.intranet = intranet;
  }

  HttpResponse<String> get(String user, String path) throws Exception {
    HttpRequest.Builder request = intranet.request("/digital-branch/api/" + path);
    if (user != null) {
      request.header(TestIntranet.USER_HEADER, user);
    }
    return intranet.send(request);
  }

  HttpResponse<String> send(String user, String method, String path, String singleQuotedJson)
      throws Exception {
    return sendRaw(
        user, method, path, singleQuotedJson.replace('\'', '"'), TestIntranet.CSRF_TOKEN);
  }

  HttpResponse<String> sendRaw(String user, String method, String path, String body, String csrf)
      throws Exception {
    HttpRequest.Builder request =
        intranet
            .request("/digital-branch/api/" + path)
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(body));
    if (user != null) {
      request.header(TestIntranet.USER_HEADER, user);
    }
    if (csrf != null) {
      request.header("X-CSRF-Token", csrf);
    }
    // A stranger's body, or one without the token, is refused unread and its connection closed;
    // the shared client could then hand the next request that closed connection ("header parser
    // received no bytes", seen once in a fresh-clone run of ApiRoleMatrixTest).
    return user == null || csrf == null ? intranet.sendAlone(request) : intranet.send(request);
  }

  HttpResponse<String> upload(String user, String fileName, byte[] content, String csrf)
      throws Exception {
    String boundary = "----queue-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        intranet
            .request("/digital-branch/api/images")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(BodyPublishers.ofByteArray(body.toByteArray()));
    if (user != null) {
      request.header(TestIntranet.USER_HEADER, user);
    }
    if (csrf != null) {
      request.header("X-CSRF-Token", csrf);
    }
    if (body.size() > 1_000_000) {
      // The server refuses a body declared too large before reading it; asking first means the
      // client never writes megabytes into a connection the server is closing, which could lose
      // the 413 (seen once in this suite: "header parser received no bytes").
      request.expectContinue(true);
    }
    return intranet.sendAlone(request);
  }

  /**
   * Sends only a request's head, declaring a body of {@code declaredLength} bytes that never comes,
   * and returns everything the server answers until it closes the connection or 30 s pass.
   */
  String headOnly(
      String user, String method, String path, String contentType, long declaredLength, String csrf)
      throws Exception {
    StringBuilder headers = new StringBuilder();
    headers.append("Content-Type: ").append(contentType).append("\r\n");
    headers.append("Content-Length: ").append(declaredLength).append("\r\n");
    headers.append("Connection: close\r\n");
    if (csrf != null) {
      headers.append("X-CSRF-Token: ").append(csrf).append("\r\n");
    }
    return overOneConnection(head(user, method, path, headers.toString()));
  }

  /**
   * A request head as bytes: the request line, Host, the test user's header when {@code user} is
   * not null, then {@code headers} (each line ending in CRLF).
   */
  byte[] head(String user, String method, String path, String headers) {
    java.net.URI target = intranet.request(path).build().uri();
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: "
            + target.getHost()
            + ":"
            + target.getPort()
            + "\r\n"
            + (user == null ? "" : TestIntranet.USER_HEADER + ": " + user + "\r\n")
            + headers
            + "\r\n";
    return head.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code first} on a connection of its own, then, 300 ms later, each of {@code later};
   * returns everything the server answers until it closes the connection or 30 s pass.
   */
  String overOneConnection(byte[] first, byte[]... later) throws Exception {
    java.net.URI target = intranet.request("/").build().uri();
    try (java.net.Socket socket = new java.net.Socket(target.getHost(), target.getPort())) {
      socket.setSoTimeout(30_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(first);
      out.flush();
      if (later.length > 0) {
        Thread.sleep(300);
        try {
          for (byte[] part : later) {
            out.write(part);
          }
          out.flush();
        } catch (java.io.IOException closed) {
          // The server closed the connection: what it answered is read below.
        }
      }
      java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(answer);
      } catch (java.io.IOException resetOrTimedOut) {
        // What came before is the answer; a server still waiting sent nothing.
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  /** An uploaded image's id. */
  String uploaded(String user) throws Exception {
    return ok(upload(user, "cover.png", png(200), TestIntranet.CSRF_TOKEN), 201).get("id").asText();
  }

  /** A draft by {@code author}; returns the post. */
  JsonNode draft(String author) throws Exception {
    return ok(send(author, "POST", "posts", DRAFT), 201);
  }

  /** A draft by {@code author} with one described image. */
  JsonNode draftWithImage(String author) throws Exception {
    String image = uploaded(author);
    return ok(
        send(
            author,
            "POST",
            "posts",
            "{'text': 'New picture books are in.', 'accounts': ['mastodon-main'], 'topic':"
                + " 'materials', 'intent': 'engagement', 'images': [{'id': '"
                + image
                + "', 'alt': 'A stack of new picture books on a library cart'}]}"),
        201);
  }

  /** Submits the draft; returns the post at its new version. */
  JsonNode submit(String author, JsonNode post) throws Exception {
    return action(author, post, "submit", "");
  }

  JsonNode action(String user, JsonNode post, String action, String extra) throws Exception {
    return ok(
        send(
            user,
            "POST",
            "posts/" + post.get("id").asText() + "/" + action,
            "{'version': " + post.get("version").asInt() + extra + "}"),
        200);
  }

  JsonNode submitted(String author) throws Exception {
    return submit(author, draft(author));
  }

  /**
   * A post by {@code author}, approved by a moderator and scheduled a week ahead, so that the test
   * intranet's live publisher leaves it alone.
   */
  JsonNode approved(String author) throws Exception {
    String inAWeek =
        java.time.LocalDateTime.now(java.time.ZoneId.of("America/Chicago"))
            .plusDays(7)
            .withSecond(0)
            .withNano(0)
            .toString();
    JsonNode draft =
        ok(
            send(
                author,
                "POST",
                "posts",
                "{'text': 'Book club meets on Tuesday at six.', 'accounts': ['mastodon-main'],"
                    + " 'topic': 'events', 'intent': 'engagement', 'publishAt': '"
                    + inAWeek
                    + "'}"),
            201);
    String moderator = author.equals(MODERATOR) ? MODERATOR_2 : MODERATOR;
    return action(moderator, submit(author, draft), "approve", "");
  }

  static JsonNode ok(HttpResponse<String> response, int status) throws Exception {
    if (response.statusCode() != status) {
      throw new AssertionError(
          "expected " + status + " but got " + response.statusCode() + ": " + response.body());
    }
    return TestIntranet.json(response);
  }
}
