package org.digitalbranch.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * URL-encoded forms between the container's limits and the plugin's: each is answered with the
 * reason that applies to it (its text too long, too many fields), never as broken encoding or a
 * missing Content-Length.
 */
class FormSizeOverHttpTest {

  private static final String MANY_FIELDS =
      "The form has more than 1000 fields; it may have at most 1000.";

  @TempDir static Path data;
  static HostUnderAttack host;
  static Attacker staff;

  @BeforeAll
  static void start() throws Exception {
    host = HostUnderAttack.start(IntranetConfig.demo(data));
    staff = host.signedIn("staff", "staff");
  }

  @AfterAll
  static void stop() throws Exception {
    host.close();
  }

  @Test
  void aTextOverTheContainersFormLimitButWithinTheBodyLimitIsJudgedByTheComposePage()
      throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("text", "a".repeat(201_000));
    form.put("account", "mastodon-main");
    form.put("topic", "events");
    form.put("intent", "engagement");

    HttpResponse<String> compose = staff.form("POST", "/digital-branch/compose", form);

    assertThat(compose.statusCode()).isEqualTo(400);
    assertThat(compose.body()).contains("is 201000 characters").doesNotContain("cannot be read");
  }

  @Test
  void aLargeFormToTheApiIsAnsweredAsTheSameSmallFormIs() throws Exception {
    HttpResponse<String> large =
        staff.form("POST", "/digital-branch/api/posts", Map.of("text", "a".repeat(300_000)));
    HttpResponse<String> small =
        staff.form("POST", "/digital-branch/api/posts", Map.of("text", "a"));

    // The API takes JSON: either form is told so (415), not that its encoding is broken.
    assertThat(large.statusCode()).isEqualTo(small.statusCode()).isEqualTo(415);
    assertThat(large.body()).isEqualTo(small.body()).doesNotContain("cannot be read");
  }

  @Test
  void aSmallFormWithTooManyFieldsIsRefusedForItsFields() throws Exception {
    HttpResponse<String> page = staff.send(manyFields("/digital-branch/compose"));
    HttpResponse<String> login = staff.send(manyFields("/login"));

    assertThat(page.statusCode()).isEqualTo(413);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
    assertThat(page.body()).isEqualTo(MANY_FIELDS + "\n");
    assertThat(login.statusCode()).isEqualTo(413);
    assertThat(login.body()).isEqualTo(MANY_FIELDS + "\n");
  }

  @Test
  void theApiRefusesTooManyFieldsWithProblemDetails() throws Exception {
    for (String path : new String[] {"/digital-branch/api/posts", "/api/search"}) {
      HttpResponse<String> api = staff.send(manyFields(path));

      assertThat(api.statusCode()).as(path).isEqualTo(413);
      assertThat(api.headers().firstValue("Content-Type"))
          .as(path)
          .hasValue("application/problem+json");
      assertThat(api.body())
          .as(path)
          .isEqualTo(
              "{\"type\":\"about:blank\",\"title\":\"Too large\",\"status\":413,\"detail\":\""
                  + MANY_FIELDS
                  + "\",\"maxFields\":1000}");
    }
  }

  /** 1,001 empty fields, some 7 KB, with the length declared as a browser declares it. */
  private static HttpRequest.Builder manyFields(String path) {
    StringBuilder form = new StringBuilder("csrf=" + Attacker.encode(staff.csrf()));
    for (int i = 0; i < 1000; i++) {
      form.append("&f").append(i).append('=');
    }
    return staff
        .request(path)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
  }
}
