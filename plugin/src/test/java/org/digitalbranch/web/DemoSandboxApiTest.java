package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.digitalbranch.platform.sandbox.Sandbox;
import org.digitalbranch.platform.sandbox.SandboxPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's way to make one known customer message arrive: admins only, the words given, on the
 * sandbox platform; absent outside the demo.
 */
class DemoSandboxApiTest {

  private static final String ADMIN = "alex;Alex Admin;digital-branch.admin";
  private static final String STAFF = "sam;Sam Staff;digital-branch.staff";
  private static final String MASTODON_TOKEN = "sandbox-mastodon-token";
  private static final String PATH = "/digital-branch/api/demo/customer-messages";

  @TempDir static Path demoData;
  @TempDir static Path realData;
  private static TestIntranet demo;

  @BeforeAll
  static void start() throws Exception {
    demo = TestIntranet.start(new DigitalBranchPlugin(), demoData, true);
  }

  @AfterAll
  static void stop() throws Exception {
    demo.close();
  }

  private static HttpResponse<String> post(TestIntranet intranet, String user, String body)
      throws Exception {
    return intranet.send(
        intranet
            .request(PATH)
            .header(TestIntranet.USER_HEADER, user)
            .header("X-CSRF-Token", TestIntranet.CSRF_TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void anAdminMakesACustomerMentionArriveOnTheSandbox() throws Exception {
    String words = "Demo check: can I renew a museum pass online? " + System.nanoTime();
    HttpResponse<String> made =
        post(
            demo,
            ADMIN,
            "{\"platform\": \"mastodon\", \"name\": \"Rosa Delgado\", \"text\": \""
                + words
                + "\"}");

    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonNode added = TestIntranet.json(made);
    assertThat(added.get("platform").asText()).isEqualTo("mastodon");
    assertThat(added.get("text").asText()).isEqualTo(words);

    // On the sandbox at once, where the ingestion reads it on its next poll (the browser journey
    // follows it into the inbox; the demo's first catch-up takes too long for a unit test).
    Sandbox sandbox = ((DigitalBranchPlugin) demo.plugin()).sandbox().orElseThrow();
    JsonNode mentions =
        new ObjectMapper()
            .readTree(
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create(
                                    sandbox.baseUrl(SandboxPlatform.MASTODON)
                                        + "/api/v1/notifications?limit=5"))
                            .header("Authorization", "Bearer " + MASTODON_TOKEN)
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
    assertThat(mentions.toString()).contains(added.get("id").asText(), "Rosa Delgado");
  }

  @Test
  void anAdminMakesAPrivateMessageToTheFacebookPageArriveAndOnlyThere() throws Exception {
    String words = "Demo check: is my card still valid? " + System.nanoTime();
    HttpResponse<String> made =
        post(
            demo,
            ADMIN,
            "{\"platform\": \"facebook\", \"kind\": \"direct_message\", \"name\": \"Chen"
                + " Dubois\", \"text\": \""
                + words
                + "\"}");

    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(TestIntranet.json(made).get("kind").asText()).isEqualTo("direct_message");
    Sandbox sandbox = ((DigitalBranchPlugin) demo.plugin()).sandbox().orElseThrow();
    String inbox =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            sandbox.baseUrl(SandboxPlatform.FACEBOOK)
                                + "/"
                                + sandbox
                                    .account(SandboxPlatform.FACEBOOK)
                                    .credentials()
                                    .get("pageId")
                                + "/conversations?platform=messenger&limit=5"))
                    .header(
                        "Authorization",
                        "Bearer "
                            + sandbox
                                .account(SandboxPlatform.FACEBOOK)
                                .credentials()
                                .get("accessToken"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(inbox).as("the Page's newest conversations").contains(words, "Chen Dubois");

    HttpResponse<String> mention =
        post(
            demo,
            ADMIN,
            "{\"platform\": \"mastodon\", \"kind\": \"direct_message\", \"text\": \"Hi\"}");
    assertThat(mention.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(mention).get("field").asText()).isEqualTo("kind");
  }

  @Test
  void anAdminMakesADirectMessageToTheInstagramAccountArriveThroughItsLinkedPage()
      throws Exception {
    String words = "Demo check: do you have a 3D printer? " + System.nanoTime();
    HttpResponse<String> made =
        post(
            demo,
            ADMIN,
            "{\"platform\": \"instagram\", \"kind\": \"direct_message\", \"name\": \"Noor"
                + " Haddad\", \"text\": \""
                + words
                + "\"}");

    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(TestIntranet.json(made).get("kind").asText()).isEqualTo("direct_message");
    assertThat(TestIntranet.json(made).get("url").asText())
        .as("a direct message is no public post: its address is in the account's inbox")
        .contains("/web/direct/t/");
    Sandbox sandbox = ((DigitalBranchPlugin) demo.plugin()).sandbox().orElseThrow();
    Map<String, String> account = sandbox.account(SandboxPlatform.INSTAGRAM).credentials();
    String inbox =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            sandbox.baseUrl(SandboxPlatform.INSTAGRAM)
                                + "/"
                                + account.get("pageId")
                                + "/conversations?platform=instagram&limit=5"))
                    .header("Authorization", "Bearer " + account.get("accessToken"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(inbox)
        .as("the account's newest conversations")
        .contains(words, "\"username\":\"noorhaddad\"");
  }

  @Test
  void anAdminMakesAChatMessageToTheLibraryArriveOnBlueskyInTheCustomersConvo() throws Exception {
    String words = "Demo check: can I book a study room? " + System.nanoTime();
    HttpResponse<String> made =
        post(
            demo,
            ADMIN,
            "{\"platform\": \"bluesky\", \"kind\": \"direct_message\", \"name\": \"Ines"
                + " Marlow\", \"text\": \""
                + words
                + "\"}");
    HttpResponse<String> again =
        post(
            demo,
            ADMIN,
            "{\"platform\": \"bluesky\", \"kind\": \"direct_message\", \"name\": \"Ines"
                + " Marlow\", \"text\": \"And a projector?\"}");

    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(TestIntranet.json(made).get("kind").asText()).isEqualTo("direct_message");
    assertThat(again.statusCode()).isEqualTo(201);
    Sandbox sandbox = ((DigitalBranchPlugin) demo.plugin()).sandbox().orElseThrow();
    String xrpc = sandbox.baseUrl(SandboxPlatform.BLUESKY) + "/xrpc/";
    String session =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(xrpc + "com.atproto.server.createSession"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            new ObjectMapper()
                                .writeValueAsString(
                                    sandbox.account(SandboxPlatform.BLUESKY).credentials())))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String token = new ObjectMapper().readTree(session).get("accessJwt").asText();
    JsonNode convo = null;
    for (JsonNode listed :
        chat(xrpc + "chat.bsky.convo.listConvos?limit=100", token).get("convos")) {
      if (listed.get("members").toString().contains("Ines Marlow")) {
        convo = listed;
      }
    }
    assertThat(convo).as("the customer's convo").isNotNull();
    JsonNode messages =
        chat(xrpc + "chat.bsky.convo.getMessages?convoId=" + convo.get("id").asText(), token)
            .get("messages");

    assertThat(convo.get("status").asText())
        .as("someone new writes a request")
        .isEqualTo("request");
    assertThat(convo.get("unreadCount").asInt()).isEqualTo(2);
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).get("text").asText()).isEqualTo("And a projector?");
    assertThat(messages.get(1).get("text").asText()).isEqualTo(words);
  }

  private static JsonNode chat(String url, String token) throws Exception {
    return new ObjectMapper()
        .readTree(
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("atproto-proxy", "did:web:api.bsky.chat#bsky_chat")
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
  }

  @Test
  void staffCannotMakeCustomersSpeak() throws Exception {
    HttpResponse<String> refused =
        post(demo, STAFF, "{\"platform\": \"x\", \"text\": \"Hello from nobody\"}");

    assertThat(refused.statusCode()).isEqualTo(403);
  }

  @Test
  void anUnknownPlatformOrNoWordsAreNamed() throws Exception {
    HttpResponse<String> platform =
        post(demo, ADMIN, "{\"platform\": \"myspace\", \"text\": \"Hi\"}");
    HttpResponse<String> text = post(demo, ADMIN, "{\"platform\": \"x\", \"text\": \"  \"}");

    assertThat(platform.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(platform).get("field").asText()).isEqualTo("platform");
    assertThat(text.statusCode()).isEqualTo(400);
    assertThat(TestIntranet.json(text).get("field").asText()).isEqualTo("text");
  }

  @Test
  void withRealAccountsThereIsNoSuchEndpoint() throws Exception {
    try (TestIntranet real =
        TestIntranet.start(
            realData,
            "{'accounts': [{'id': 'mastodon-main', 'platform': 'mastodon',"
                + " 'handle': '@library@example.social', 'baseUrl': 'http://127.0.0.1:9',"
                + " 'credentials': {'accessToken': 'not-a-real-token'}}]}")) {
      HttpResponse<String> absent =
          post(real, ADMIN, "{\"platform\": \"mastodon\", \"text\": \"Hi\"}");

      assertThat(absent.statusCode()).isEqualTo(404);
    }
  }
}
