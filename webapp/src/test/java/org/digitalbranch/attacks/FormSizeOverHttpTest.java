package org.digitalbranch.attacks;

import static org.assertj.core.api.Assertions.assertThat;

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
 * URL-encoded forms over the container's form limit but within the plugin's body limit: each is
 * answered with the reason that applies to it, never as broken encoding.
 */
class FormSizeOverHttpTest {

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

    assertThat(large.statusCode()).isEqualTo(small.statusCode()).isEqualTo(400);
    assertThat(large.body()).isEqualTo(small.body()).doesNotContain("cannot be read");
  }
}
