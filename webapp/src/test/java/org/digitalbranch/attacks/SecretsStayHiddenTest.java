package org.digitalbranch.attacks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host started with a settings file holding real-looking credentials for all five platforms,
 * each pointed at a WireMock double that refuses them (401, as a revoked token is refused; the
 * Mastodon double even echoes the token it was sent back in its error, as careless APIs do). Admin
 * and staff then go through every page and API answer, test every connection, publish to the
 * refusing platforms and trigger errors, while everything the host logs is captured (it logs
 * through slf4j-simple, which writes to whatever {@code System.err} is at the time). No answer,
 * header or log line may hold a secret, neither as written nor URL-encoded nor in base64.
 */
class SecretsStayHiddenTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Each secret by the name a failure message would need to say what leaked. */
  private static final Map<String, String> SECRETS = new LinkedHashMap<>();

  static {
    SECRETS.put("Facebook Page token", "EAAGm0PX4ZCpsBAKc7ZBZAz3ZBqLv8Rk2ZCWtM5hQ0ZDZD");
    SECRETS.put("Facebook app secret", "8c2f4e1d9b7a6350fe1dc2ab34567890");
    SECRETS.put("Facebook verify token", "verify-Hx83kLq2Wz");
    SECRETS.put("Instagram token", "EAAGig9N0tR3alInstaT0kenZBZCZD");
    SECRETS.put("Mastodon bearer", "Zq3v9Xk2Lm8Np4Rt6Wy1Bc5Df7Gh0Jk2Mn4Pq6St8Uv");
    SECRETS.put("Bluesky app password", "abcd-efgh-ijkl-mnop");
    SECRETS.put("X access token", "dXhYcGFUb2tlbi1hY2Nlc3MtOTg3NjU0MzIxMA");
    SECRETS.put("X refresh token", "bWVSZWZyZXNoVG9rZW4tODc2NTQzMjEwOTg3NjU0");
  }

  @TempDir static Path data;
  static WireMockServer platforms;
  static HostUnderAttack host;
  static Attacker admin;
  static Attacker staff;
  static PrintStream originalErr;
  static PrintStream originalOut;
  static final ByteArrayOutputStream log = new ByteArrayOutputStream();

  /** Every answer seen, with what was asked, for the final search. */
  static final List<String> answers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    originalErr = System.err;
    originalOut = System.out;
    System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new Tee(originalOut, log), true, StandardCharsets.UTF_8));

    platforms = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    platforms.start();
    // Every platform refuses the credentials, and echoes the Authorization header it was sent
    // into its error message, as a careless API might: what the plugin keeps of a platform's
    // answer must not carry the token on to a page or a log.
    platforms.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"message\": \"Error validating access token: the session"
                            + " has been invalidated ({{request.headers.Authorization}})\","
                            + " \"type\": \"OAuthException\", \"code\": 190,"
                            + " \"error_subcode\": 460}, \"error_description\": \"invalid token"
                            + " {{request.headers.Authorization}}\"}")
                    .withTransformers("response-template")));

    String base = platforms.baseUrl();
    String accounts =
        """
        [{"id": "facebook-main", "platform": "facebook", "handle": "Library",
          "baseUrl": "%1$s",
          "credentials": {"accessToken": "${env:FB_TOKEN}", "pageId": "4242",
                          "appSecret": "${env:FB_APP_SECRET}", "verifyToken": "%2$s"},
          "team": ["staff"]},
         {"id": "instagram-main", "platform": "instagram", "handle": "@library",
          "baseUrl": "%1$s",
          "credentials": {"accessToken": "%3$s", "igUserId": "17841400000000000"},
          "team": ["staff"]},
         {"id": "mastodon-main", "platform": "mastodon", "handle": "@library@example.social",
          "baseUrl": "%1$s", "credentials": {"accessToken": "${env:MASTODON_TOKEN}"},
          "team": ["staff"]},
         {"id": "bluesky-main", "platform": "bluesky", "handle": "@library.bsky.social",
          "baseUrl": "%1$s",
          "credentials": {"identifier": "library.bsky.social", "appPassword": "%4$s"},
          "team": ["staff"]},
         {"id": "x-main", "platform": "x", "handle": "@library", "baseUrl": "%1$s",
          "credentials": {"accessToken": "%5$s", "refreshToken": "%6$s",
                          "clientId": "x-client-id"},
          "team": ["staff"]}]
        """
            .formatted(
                base,
                SECRETS.get("Facebook verify token"),
                SECRETS.get("Instagram token"),
                SECRETS.get("Bluesky app password"),
                SECRETS.get("X access token"),
                SECRETS.get("X refresh token"));
    host =
        HostUnderAttack.start(
            ConfiguredIntranet.with(
                data,
                accounts,
                Map.of(
                    "FB_TOKEN", SECRETS.get("Facebook Page token"),
                    "FB_APP_SECRET", SECRETS.get("Facebook app secret"),
                    "MASTODON_TOKEN", SECRETS.get("Mastodon bearer"))));
    admin = host.signedIn("admin", ConfiguredIntranet.ADMIN_PASSWORD);
    staff = host.signedIn("staff", ConfiguredIntranet.STAFF_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (host != null) {
        host.close();
      }
      if (platforms != null) {
        platforms.stop();
      }
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
  }

  @Test
  void noPageApiAnswerOrLogLineHoldsACredential() throws Exception {
    // Every account's connection tested, by the API and by the page's form: each fails.
    for (String account :
        List.of("facebook-main", "instagram-main", "mastodon-main", "bluesky-main", "x-main")) {
      HttpResponse<String> tested =
          seen(
              admin.json("POST", "/digital-branch/api/accounts/" + account + "/test", bytes("{}")));
      assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
      assertThat(JSON.readTree(tested.body()).get("ok").asBoolean()).as(account).isFalse();
      assertThat(JSON.readTree(tested.body()).get("message").asText()).as(account).isNotBlank();
      seen(admin.form("POST", "/digital-branch/accounts/" + account + "/test", Map.of()));
    }
    assertThat(platforms.getAllServeEvents()).as("the doubles were asked").isNotEmpty();

    // A post to four refusing platforms, approved, so the publisher fails and says why.
    HttpResponse<String> created =
        seen(
            staff.json(
                "POST",
                "/digital-branch/api/posts",
                bytes(
                    "{\"text\": \"Quiet study rooms open at 8 tomorrow.\", \"accounts\":"
                        + " [\"facebook-main\", \"mastodon-main\", \"bluesky-main\", \"x-main\"],"
                        + " \"topic\": \"services\", \"intent\": \"engagement\", \"publishAt\":"
                        + " null, \"images\": []}")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("id").asText();
    seen(
        staff.json(
            "POST", "/digital-branch/api/posts/" + id + "/submit", bytes("{\"version\": 1}")));
    HttpResponse<String> approved =
        seen(
            admin.json(
                "POST", "/digital-branch/api/posts/" + id + "/approve", bytes("{\"version\": 2}")));
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    awaitPublishingSettled(id);

    // Errors of every kind, and a webhook handshake with a wrong token.
    seen(admin.get("/digital-branch/api/posts/nope"));
    seen(admin.get("/digital-branch/nope"));
    seen(admin.json("POST", "/digital-branch/api/posts", bytes("{\"text\": ")));
    seen(
        new Attacker(host.base())
            .get(
                "/digital-branch/api/webhooks/facebook?hub.mode=subscribe&hub.verify_token=wrong"
                    + "&hub.challenge=1"));
    seen(new Attacker(host.base()).get("/digital-branch/api/accounts"));

    for (Attacker who : List.of(admin, staff)) {
      for (String path :
          List.of(
              "/",
              "/search?q=library",
              "/api/search?q=library",
              "/digital-branch/",
              "/digital-branch/queue",
              "/digital-branch/compose",
              "/digital-branch/accounts",
              "/digital-branch/inbox",
              "/digital-branch/archive?q=library",
              "/digital-branch/archive/rebuild",
              "/digital-branch/posts/" + id,
              "/digital-branch/posts/" + id + "/edit",
              "/digital-branch/api/me",
              "/digital-branch/api/accounts",
              "/digital-branch/api/posts",
              "/digital-branch/api/posts/" + id,
              "/digital-branch/api/conversations",
              "/digital-branch/api/archive/search?q=library",
              "/digital-branch/api/archive/export?format=json",
              "/digital-branch/api/archive/export?format=csv",
              "/digital-branch/api/archive/rebuild",
              "/digital-branch/api/dashboard/mix",
              "/digital-branch/api/publishing/pause")) {
        seen(who.get(path));
      }
    }
    host.close();
    host = null;

    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).as("the captured log").contains("Digital Branch started under");
    assertThat(String.join("\n", answers)).contains("facebook-main", "x-main");
    for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
      for (String form : formsOf(secret.getValue())) {
        assertThat(String.join("\n", answers))
            .as("the " + secret.getKey() + " in an answer")
            .doesNotContain(form);
        assertThat(logged).as("the " + secret.getKey() + " in the log").doesNotContain(form);
      }
    }
  }

  /** Waits until no target is still waiting for its first attempt (bounded; not a sleep). */
  private static void awaitPublishingSettled(String id) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      JsonNode post = JSON.readTree(admin.get("/digital-branch/api/posts/" + id).body());
      boolean settled = true;
      for (JsonNode target : post.get("targets")) {
        settled &= target.get("attempts").asInt() > 0 || !target.path("error").isNull();
      }
      if (settled) {
        return;
      }
      Thread.sleep(200);
    }
  }

  private static HttpResponse<String> seen(HttpResponse<String> answer) {
    answers.add(
        answer.request().method()
            + " "
            + answer.uri()
            + " -> "
            + answer.statusCode()
            + "\n"
            + answer.headers().map()
            + "\n"
            + answer.body());
    return answer;
  }

  /** The secret as written, URL-encoded, in base64 (both alphabets) and JSON-escaped. */
  private static List<String> formsOf(String secret) {
    byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
    return List.of(
        secret,
        URLEncoder.encode(secret, StandardCharsets.UTF_8),
        Base64.getEncoder().withoutPadding().encodeToString(raw),
        Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes to the console as before and into the captured log. */
  private static final class Tee extends OutputStream {
    private final OutputStream console;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream console, ByteArrayOutputStream copy) {
      this.console = console;
      this.copy = copy;
    }

    @Override
    public void write(int b) {
      synchronized (copy) {
        copy.write(b);
      }
      try {
        console.write(b);
      } catch (java.io.IOException ignored) {
        // The console is a convenience; the copy is what the test reads.
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      synchronized (copy) {
        copy.write(bytes, offset, length);
      }
      try {
        console.write(bytes, offset, length);
      } catch (java.io.IOException ignored) {
        // As above.
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      console.flush();
    }
  }
}
