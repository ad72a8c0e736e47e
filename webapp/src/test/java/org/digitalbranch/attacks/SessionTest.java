package org.digitalbranch.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions against the plugin too, beside what SignInTest checks on the host's own pages (the id
 * changes at sign-in, sign-out ends the session, the cookie's flags, Secure behind a TLS proxy,
 * throttling of one user's failures): an id or a token an attacker saw before sign-in or kept after
 * sign-out opens nothing in Digital Branch, and the id never travels in a link.
 */
class SessionTest {

  private static final String API = AuthorisationMatrixFixtures.API;

  @TempDir static Path data;
  private static AuthorisationMatrixHost host;

  @BeforeAll
  static void start() throws Exception {
    host = AuthorisationMatrixHost.start(data);
  }

  @AfterAll
  static void stop() throws Exception {
    host.close();
  }

  private static HttpResponse<String> draft(SessionClient as, String token) throws Exception {
    return as.json("POST", API + "posts", AuthorisationMatrixFixtures.draftBody(""), token);
  }

  @Test
  void anIdPlantedBeforeSignInOpensNothingInThePluginAfterIt() throws Exception {
    SessionClient victim = host.anonymous();
    String planted = victim.sessionId().orElseThrow();
    String tokenSeenBefore = victim.csrf();

    assertThat(victim.signIn("staff", "staff").statusCode()).isEqualTo(303);

    assertThat(victim.sessionId()).isPresent().get().isNotEqualTo(planted);
    SessionClient attacker = host.anonymous();
    attacker.useSessionId(planted);
    assertThat(attacker.get(API + "me").statusCode()).isEqualTo(401);
    assertThat(draft(attacker, tokenSeenBefore).statusCode()).isEqualTo(401);
    assertThat(victim.get(API + "me").statusCode()).isEqualTo(200);
  }

  @Test
  void theTokenOfTheSignInFormIsWorthlessOnceSignedIn() throws Exception {
    SessionClient victim = host.anonymous();
    String tokenSeenBefore = victim.csrf();
    assertThat(victim.signIn("staff", "staff").statusCode()).isEqualTo(303);
    victim.refreshCsrf();

    assertThat(victim.csrf()).isNotEqualTo(tokenSeenBefore);
    assertThat(draft(victim, tokenSeenBefore).statusCode()).isEqualTo(403);
    assertThat(draft(victim, victim.csrf()).statusCode()).isEqualTo(201);
  }

  @Test
  void afterSignOutTheOldCookieAndTokenOpenNothingInThePlugin() throws Exception {
    SessionClient staff = host.signedIn("staff");
    String id = staff.sessionId().orElseThrow();
    String token = staff.csrf();

    assertThat(staff.form("/logout", Map.of()).statusCode()).isEqualTo(303);

    SessionClient replay = host.anonymous();
    replay.useSessionId(id);
    assertThat(replay.get(API + "me").statusCode()).isEqualTo(401);
    assertThat(replay.get("/digital-branch/queue").statusCode()).isEqualTo(302);
    assertThat(draft(replay, token).statusCode()).isEqualTo(401);
    assertThat(replay.form("/digital-branch/publishing", Map.of("do", "pause"), token).statusCode())
        .isEqualTo(302);
  }

  @Test
  void theSessionIdNeverTravelsInALink() throws Exception {
    SessionClient visitor = host.anonymous();
    String id = visitor.sessionId().orElseThrow();

    HttpResponse<String> form = visitor.get("/login");
    HttpResponse<String> toSignIn = visitor.get("/digital-branch/queue");

    assertThat(form.body()).doesNotContain(id).doesNotContainIgnoringCase("jsessionid");
    assertThat(toSignIn.statusCode()).isEqualTo(302);
    assertThat(toSignIn.headers().firstValue("Location").orElseThrow())
        .doesNotContain(id)
        .doesNotContainIgnoringCase("jsessionid");
  }
}
