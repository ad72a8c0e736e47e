package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input the container itself cannot read (broken percent-encoded UTF-8 in the address or a form)
 * and a chunked JSON body that passes the limit while Jackson reads it: a 400 and a 413 that say
 * so, not a 500 from whichever handler met them first. Found by the host's attack tests.
 */
class UnreadableInputTest {

  private static final String STAFF = "jlee;J. Lee;digital-branch.staff";

  @TempDir static Path dataDir;
  private static TestIntranet intranet;

  @BeforeAll
  static void start() throws Exception {
    intranet =
        TestIntranet.start(
            dataDir,
            "{'maxBodyBytes': 4096, 'pollSeconds': 3600, 'accounts': [{'id': 'mastodon-main',"
                + " 'platform': 'mastodon', 'handle': '@library@example.social', 'baseUrl':"
                + " 'http://127.0.0.1:9', 'credentials': {'accessToken': 'tok'}, 'team':"
                + " ['jlee']}]}");
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  @Test
  void brokenUtf8InTheQueryStringIsA400ThatSaysSo() throws Exception {
    for (String path :
        new String[] {
          "digital-branch/api/archive/search?q=caf%C3%28",
          "digital-branch/api/posts?state=%FF",
          "digital-branch/archive?q=%C0%AF"
        }) {
      HttpResponse<String> answer =
          intranet.send(intranet.request(path).header(TestIntranet.USER_HEADER, STAFF));

      assertThat(answer.statusCode()).as(path).isEqualTo(400);
      assertThat(answer.body()).as(path).contains("UTF-8");
    }
  }

  @Test
  void brokenUtf8InAFormIsA400AndNothingIsCreated() throws Exception {
    HttpResponse<String> answer = composeForm("caf%C3%28");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(postsListed()).isZero();
  }

  @Test
  void aNulCharacterInAFormThatWritesIsA400NamingTheFieldAndNothingIsCreated() throws Exception {
    HttpResponse<String> answer = composeForm("story%00time");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("text may not contain NUL characters");
    assertThat(postsListed()).isZero();
  }

  @Test
  void aNulCharacterInAMultipartFormIsA400TooAndNothingIsCreated() throws Exception {
    String boundary = "----digital-branch-test";
    StringBuilder body = new StringBuilder();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("csrf", TestIntranet.CSRF_TOKEN);
    fields.put("text", "story\u0000time");
    fields.put("accounts", "mastodon-main");
    fields.put("topic", "events");
    fields.put("intent", "engagement");
    fields.forEach(
        (name, value) ->
            body.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(name)
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
    body.append("--").append(boundary).append("--\r\n");

    HttpResponse<String> answer =
        intranet.send(
            intranet
                .request("digital-branch/compose")
                .header(TestIntranet.USER_HEADER, STAFF)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.ofString(body.toString())));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("text may not contain NUL characters");
    assertThat(postsListed()).isZero();
  }

  @Test
  void aMultipartBodyThatCannotBeParsedIsA400ThatClosesTheConnectionAndNothingIsCreated()
      throws Exception {
    // The token in the header, so that the first read of the body is the page's own.
    HttpResponse<String> answer =
        intranet.send(
            intranet
                .request("digital-branch/compose")
                .header(TestIntranet.USER_HEADER, STAFF)
                .header("X-CSRF-Token", TestIntranet.CSRF_TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=zz")
                .POST(BodyPublishers.ofString("--zz\r\nbroken")));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("The form could not be read");
    // Said, so that the client does not send its next request down a connection Jetty drops.
    assertThat(answer.headers().firstValue("Connection")).contains("close");
    assertThat(postsListed()).isZero();
  }

  /** The compose page's form, submitting a post whose text is {@code encodedText} as sent. */
  private static HttpResponse<String> composeForm(String encodedText) throws Exception {
    return intranet.send(
        intranet
            .request("digital-branch/compose")
            .header(TestIntranet.USER_HEADER, STAFF)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                BodyPublishers.ofString(
                    "text="
                        + encodedText
                        + "&accounts=mastodon-main&topic=events&intent=engagement&csrf="
                        + TestIntranet.CSRF_TOKEN)));
  }

  private static int postsListed() throws Exception {
    HttpResponse<String> posts =
        intranet.send(
            intranet.request("digital-branch/api/posts").header(TestIntranet.USER_HEADER, STAFF));
    return TestIntranet.json(posts).get("count").asInt();
  }

  @Test
  void aChunkedJsonBodyPassingTheLimitWhileParsedIs413() throws Exception {
    byte[] body = ("{\"text\": \"" + "a".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> answer =
        intranet.sendAlone(
            intranet
                .request("digital-branch/api/posts")
                .header(TestIntranet.USER_HEADER, STAFF)
                .header("X-CSRF-Token", TestIntranet.CSRF_TOKEN)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
  }
}
