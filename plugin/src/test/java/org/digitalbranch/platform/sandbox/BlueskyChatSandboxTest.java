package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's Bluesky chats over HTTP, as a client calls them through its PDS: {@code
 * chat.bsky.convo.*} with the proxy header, on a seeded sandbox that no test changes and on an
 * empty one where customers write as a test says.
 */
class BlueskyChatSandboxTest {
  private static final String PROXY = "did:web:api.bsky.chat#bsky_chat";

  private static Sandbox seeded;
  private static Sandbox live;

  @BeforeAll
  static void start() {
    seeded = Seeded.start();
    live = Sandbox.start(SandboxBehaviour.empty());
  }

  @AfterAll
  static void stop() {
    seeded.stop();
    live.stop();
  }

  @AfterEach
  void nothingFails() {
    live.fail(SandboxPlatform.BLUESKY, FailureMode.NONE);
  }

  @Test
  void aChatCallWithoutTheProxyHeaderNamingTheChatServiceIsRefused() {
    String url = xrpc(seeded) + "chat.bsky.convo.listConvos";
    String token = "Bearer " + access(seeded);

    Http.Response missing = Http.get(url, "Authorization", token);
    Http.Response noService =
        Http.get(url, "Authorization", token, "atproto-proxy", "did:web:api.bsky.chat");
    Http.Response elsewhere =
        Http.get(url, "Authorization", token, "atproto-proxy", "did:web:api.bsky.app#bsky_appview");
    Http.Response anonymous = Http.get(url, "atproto-proxy", PROXY);

    assertError(missing, 400, "InvalidRequest", null);
    assertThat(missing.json().get("message").asText()).contains("atproto-proxy", PROXY);
    assertError(noService, 400, "InvalidRequest", "no service id specified in proxy header");
    assertError(elsewhere, 400, "InvalidRequest", "could not resolve proxy did service url");
    assertError(anonymous, 401, "AuthMissing", "Authentication Required");
  }

  @Test
  void listConvosPagesToTheEndWithOneConvoPerSeededPatronMostRecentActivityFirst() {
    Set<String> patrons = new HashSet<>();
    for (GeneratedConversation chat : seededChats()) {
      patrons.add(chat.root().author().name());
    }

    List<JsonNode> convos = allConvos(seeded, "limit=3");

    assertThat(patrons).as("the seed gives a few chats").hasSizeGreaterThan(5);
    assertThat(convos).hasSize(patrons.size());
    Set<String> ids = new HashSet<>();
    String previousRev = "~";
    for (JsonNode convo : convos) {
      assertThat(ids.add(convo.get("id").asText())).isTrue();
      String rev = convo.get("rev").asText();
      assertThat(rev).as("most recent activity first").isLessThan(previousRev).hasSize(13);
      previousRev = rev;
      assertThat(convo.get("lastMessage").get("rev").asText()).isLessThanOrEqualTo(rev);
      assertThat(convo.get("muted").asBoolean()).isFalse();
      assertThat(convo.get("status").asText()).isIn("accepted", "request");
      JsonNode members = convo.get("members");
      assertThat(members).hasSize(2);
      assertThat(members).anyMatch(m -> m.get("did").asText().equals(BlueskyApi.DID));
      JsonNode patron = patronOf(convo);
      assertThat(patron.get("did").asText()).startsWith("did:plc:");
      assertThat(patron.get("handle").asText()).endsWith(".bsky.social");
      assertThat(patrons).contains(patron.get("displayName").asText());
    }
    assertThat(convos).anyMatch(convo -> convo.get("status").asText().equals("request"));
    assertThat(convos).anyMatch(convo -> convo.get("status").asText().equals("accepted"));
  }

  @Test
  void getMessagesPagesEveryConvoNewestFirstToItsFirstMessage() {
    List<String> seededTexts = new ArrayList<>();
    for (GeneratedConversation chat : seededChats()) {
      chat.messages().forEach(message -> seededTexts.add(message.text()));
    }
    List<String> served = new ArrayList<>();

    for (JsonNode convo : allConvos(seeded, "limit=100")) {
      List<JsonNode> messages = allMessages(seeded, convo.get("id").asText(), 2);
      assertThat(messages.get(0)).isEqualTo(convo.get("lastMessage"));
      assertThat(messages.getLast().get("sender").get("did").asText())
          .as("the patron wrote first")
          .isEqualTo(patronOf(convo).get("did").asText());
      for (int i = 1; i < messages.size(); i++) {
        JsonNode newer = messages.get(i - 1);
        JsonNode older = messages.get(i);
        assertThat(older.get("rev").asText()).isLessThan(newer.get("rev").asText());
        assertThat(older.get("id").asText()).isLessThan(newer.get("id").asText());
        assertThat(older.get("sentAt").asText()).isLessThanOrEqualTo(newer.get("sentAt").asText());
      }
      for (JsonNode message : messages) {
        assertThat(message.get("$type").asText()).isEqualTo("chat.bsky.convo.defs#messageView");
        assertThat(message.get("id").asText())
            .hasSize(13)
            .isNotEqualTo(message.get("rev").asText());
        assertThat(message.get("sentAt").asText())
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(message.get("sender").get("did").asText())
            .isIn(BlueskyApi.DID, patronOf(convo).get("did").asText());
        served.add(message.get("text").asText());
      }
    }

    assertThat(served).containsExactlyInAnyOrderElementsOf(seededTexts);
  }

  @Test
  void theLibraryAcceptedEveryConvoItWroteInAndAConvoCountsThePatronsMessagesSinceItsLast() {
    for (JsonNode convo : allConvos(seeded, "limit=100")) {
      List<JsonNode> messages = allMessages(seeded, convo.get("id").asText(), 100);
      int sinceTheLibrary = 0;
      while (sinceTheLibrary < messages.size() && !fromTheLibrary(messages.get(sinceTheLibrary))) {
        sinceTheLibrary++;
      }

      assertThat(convo.get("unreadCount").asInt()).isEqualTo(sinceTheLibrary);
      if (messages.stream().anyMatch(BlueskyChatSandboxTest::fromTheLibrary)) {
        assertThat(convo.get("status").asText()).isEqualTo("accepted");
      }
    }
  }

  @Test
  void statusAndReadStateNarrowTheList() {
    List<JsonNode> all = allConvos(seeded, "limit=100");
    List<JsonNode> requests = allConvos(seeded, "limit=100&status=request");
    List<JsonNode> accepted = allConvos(seeded, "limit=100&status=accepted");
    List<JsonNode> unread = allConvos(seeded, "limit=100&readState=unread");

    assertThat(requests).allMatch(convo -> convo.get("status").asText().equals("request"));
    assertThat(accepted).allMatch(convo -> convo.get("status").asText().equals("accepted"));
    assertThat(requests.size() + accepted.size()).isEqualTo(all.size());
    assertThat(unread)
        .isNotEmpty()
        .allMatch(convo -> convo.get("unreadCount").asInt() > 0)
        .hasSize((int) all.stream().filter(c -> c.get("unreadCount").asInt() > 0).count());
  }

  @Test
  void getConvoGivesTheConvoAsListedAndAnUnknownOneIsInvalidConvo() {
    JsonNode listed = allConvos(seeded, "limit=1").get(0);

    Http.Response convo = chatGet(seeded, "getConvo", "convoId=" + listed.get("id").asText());
    Http.Response unknown = chatGet(seeded, "getConvo", "convoId=3zzzzzzzzzzzz");

    assertThat(convo.status()).isEqualTo(200);
    assertThat(convo.json().get("convo")).isEqualTo(listed);
    assertError(unknown, 400, "InvalidConvo", "Convo not found");
  }

  @Test
  void aBadLimitOrCursorOrMissingConvoIdIsAnInvalidRequest() {
    String convoId = allConvos(seeded, "limit=1").get(0).get("id").asText();

    assertError(
        chatGet(seeded, "listConvos", "limit=0"),
        400,
        "InvalidRequest",
        "Error: Params/limit can not be less than 1");
    assertError(
        chatGet(seeded, "listConvos", "limit=101"),
        400,
        "InvalidRequest",
        "Error: Params/limit can not be greater than 100");
    assertError(
        chatGet(seeded, "getMessages", "convoId=" + convoId + "&limit=ten"),
        400,
        "InvalidRequest",
        "Error: Params/limit must be an integer");
    assertError(
        chatGet(seeded, "listConvos", "cursor=not-a-cursor"),
        400,
        "InvalidRequest",
        "Malformed cursor");
    assertError(
        chatGet(seeded, "getMessages", "limit=5"),
        400,
        "InvalidRequest",
        "Error: Params must have the property \"convoId\"");
    assertError(
        chatGet(seeded, "getMessages", "convoId=3zzzzzzzzzzzz"),
        400,
        "InvalidConvo",
        "Convo not found");
  }

  @Test
  void withoutALimitAPageHoldsFiftyAndQueriesAreGetsAndProceduresPosts() {
    JsonNode page = chatGet(seeded, "listConvos", "").json();
    Http.Response posted =
        Http.postJson(
            xrpc(seeded) + "chat.bsky.convo.listConvos",
            Map.of(),
            "Authorization",
            "Bearer " + access(seeded),
            "atproto-proxy",
            PROXY);
    Http.Response got = chatGet(seeded, "sendMessage", "");

    assertThat(page.get("convos").size()).isLessThanOrEqualTo(50);
    assertThat(page.has("cursor")).as("the seed has fewer than fifty convos").isFalse();
    assertError(posted, 400, "InvalidRequest", "Incorrect HTTP method (POST) expected GET");
    assertError(got, 400, "InvalidRequest", "Incorrect HTTP method (GET) expected POST");
  }

  @Test
  void aRequestIsAcceptedOnceThenTheLibrarysMessageEndsItAndTopsTheList() {
    live.customerChatsOnBluesky("Ada Okafor", "Can I renew a book in the app?");
    String convoId = convoWith(live, "Ada Okafor").get("id").asText();
    Http.Response early = send(live, convoId, "Yes!");

    Http.Response accepted = chatPost(live, "acceptConvo", Map.of("convoId", convoId));
    Http.Response again = chatPost(live, "acceptConvo", Map.of("convoId", convoId));
    live.customerChatsOnBluesky("Ben Achebe", "Is the makerspace open today?");
    JsonNode beforeSending = allConvos(live, "limit=100").get(0);
    Http.Response sent = send(live, convoId, "Yes! Open the book's page and tap Renew.");
    JsonNode top = allConvos(live, "limit=100").get(0);
    List<JsonNode> messages = allMessages(live, convoId, 100);

    assertError(early, 400, "InvalidRequest", "convo is not accepted");
    assertThat(accepted.status()).isEqualTo(200);
    String acceptRev = accepted.json().get("rev").asText();
    assertThat(acceptRev).hasSize(13);
    assertThat(again.json().toString()).as("already accepted").isEqualTo("{}");
    assertThat(patronOf(beforeSending).get("displayName").asText()).isEqualTo("Ben Achebe");
    assertThat(sent.status()).isEqualTo(200);
    JsonNode message = sent.json();
    assertThat(message.get("$type").asText()).isEqualTo("chat.bsky.convo.defs#messageView");
    assertThat(message.get("text").asText()).isEqualTo("Yes! Open the book's page and tap Renew.");
    assertThat(message.get("sender").get("did").asText()).isEqualTo(BlueskyApi.DID);
    assertThat(message.get("rev").asText())
        .isGreaterThan(acceptRev)
        .isGreaterThan(beforeSending.get("rev").asText());
    assertThat(top.get("id").asText()).isEqualTo(convoId);
    assertThat(top.get("status").asText()).isEqualTo("accepted");
    assertThat(top.get("rev").asText()).isEqualTo(message.get("rev").asText());
    assertThat(top.get("lastMessage")).isEqualTo(message);
    assertThat(top.get("unreadCount").asInt()).isZero();
    assertThat(messages)
        .extracting(m -> m.get("text").asText())
        .containsExactly(
            "Yes! Open the book's page and tap Renew.", "Can I renew a book in the app?");
  }

  @Test
  void acceptingBumpsTheConvosRevSoItTopsTheList() {
    live.customerChatsOnBluesky("Cy Mendes", "Do you have a 3D printer?");
    live.customerChatsOnBluesky("Dee Park", "Where do I return a laptop?");
    JsonNode cy = convoWith(live, "Cy Mendes");

    String rev =
        chatPost(live, "acceptConvo", Map.of("convoId", cy.get("id").asText()))
            .json()
            .get("rev")
            .asText();
    JsonNode top = chatGet(live, "listConvos", "limit=1").json().get("convos").get(0);

    assertThat(top.get("id").asText()).isEqualTo(cy.get("id").asText());
    assertThat(top.get("rev").asText()).isEqualTo(rev).isGreaterThan(cy.get("rev").asText());
    assertThat(top.get("lastMessage")).isEqualTo(cy.get("lastMessage"));
  }

  @Test
  void aPatronWhoWritesAgainContinuesTheirOneConvo() {
    live.customerChatsOnBluesky("Eli Moreau", "Any chess club?");
    live.customerChatsOnBluesky("Eli Moreau", "Never mind, found it on the calendar.");

    List<JsonNode> convos =
        allConvos(live, "limit=100").stream()
            .filter(c -> patronOf(c).get("displayName").asText().equals("Eli Moreau"))
            .toList();

    assertThat(convos).hasSize(1);
    assertThat(convos.get(0).get("unreadCount").asInt()).isEqualTo(2);
    assertThat(allMessages(live, convos.get(0).get("id").asText(), 1))
        .extracting(m -> m.get("text").asText())
        .containsExactly("Never mind, found it on the calendar.", "Any chess club?");
  }

  @Test
  void aMessageOverTheLexiconsLimitsOrToAnUnknownConvoIsRefused() {
    live.customerChatsOnBluesky("Fay Okoro", "Tell me everything about the library.");
    String convoId = convoWith(live, "Fay Okoro").get("id").asText();
    chatPost(live, "acceptConvo", Map.of("convoId", convoId));
    // A family emoji is one grapheme of 25 bytes: 500 of them pass the graphemes, not the bytes.
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";

    Http.Response graphemes = send(live, convoId, "a".repeat(1001));
    Http.Response bytes = send(live, convoId, family.repeat(500));
    Http.Response noText =
        chatPost(live, "sendMessage", Map.of("convoId", convoId, "message", Map.of()));
    Http.Response unknown = send(live, "3zzzzzzzzzzzz", "Hello?");
    Http.Response unknownAccept = chatPost(live, "acceptConvo", Map.of("convoId", "3zzzzzzzzzzzz"));
    Http.Response longest = send(live, convoId, "a".repeat(1000));

    assertError(
        graphemes,
        400,
        "InvalidRequest",
        "Input/message/text must not be longer than 1000 graphemes");
    assertError(
        bytes,
        400,
        "InvalidRequest",
        "Input/message/text must not be longer than 10000 characters");
    assertError(noText, 400, "InvalidRequest", "Input/message must have the property \"text\"");
    assertError(unknown, 400, "InvalidConvo", "Convo not found");
    assertError(unknownAccept, 400, "InvalidConvo", "Convo not found");
    assertThat(longest.status()).isEqualTo(200);
    assertThat(allMessages(live, convoId, 100)).hasSize(2);
  }

  @Test
  void aGeneratedPatronWhoTurnedIncomingMessagesOffRefusesTheLibrarysMessage() {
    BlueskyChat chat = ((BlueskyApi) live.api(SandboxPlatform.BLUESKY)).chat;
    String convoId = null;
    for (int i = 0; convoId == null && i < 400; i++) {
      Person patron = new Person("Generated Patron " + i, "generated-patron-" + i, false);
      Item first = chat.messageFrom(patron, "Do you have a quiet room?", Instant.now(), true);
      String id = chat.convoIdOf(first);
      convoId = chat.refusesMessages(id) ? id : null;
    }
    chatPost(live, "acceptConvo", Map.of("convoId", convoId));

    Http.Response refused = send(live, convoId, "Yes, on the second floor.");

    assertError(refused, 400, "InvalidRequest", "recipient has disabled incoming messages");
    assertThat(allMessages(live, convoId, 100)).hasSize(1);
  }

  @Test
  void aMessageMeetsTheFailureSwitchedOnAndIsNotSentWhenItFails() {
    live.customerChatsOnBluesky("Gus Varga", "Do you lend telescopes?");
    String convoId = convoWith(live, "Gus Varga").get("id").asText();
    chatPost(live, "acceptConvo", Map.of("convoId", convoId));

    live.fail(SandboxPlatform.BLUESKY, FailureMode.RATE_LIMIT_ONCE);
    Http.Response limited = send(live, convoId, "We do!");
    live.fail(SandboxPlatform.BLUESKY, FailureMode.SERVER_ERROR_ONCE);
    Http.Response failed = send(live, convoId, "We do!");
    int afterFailures = allMessages(live, convoId, 100).size();
    Http.Response retried = send(live, convoId, "We do!");

    assertError(limited, 429, "RateLimitExceeded", "Too Many Requests");
    assertThat(limited.header("retry-after")).isEqualTo("15");
    assertThat(limited.header("ratelimit-remaining"))
        .as("the PDS's own limit still has room")
        .isNotEqualTo("0");
    assertError(failed, 502, "UpstreamFailure", "Upstream Failure");
    assertThat(afterFailures).as("nothing sent by the failed calls").isEqualTo(1);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(allMessages(live, convoId, 100)).hasSize(2);
  }

  @Test
  void chatMessagesAreNoPostsButTheirLinkOpensTheConvosPage() {
    PublishedPost message =
        live.customerChatsOnBluesky("Hana Sato", "Are you open on Sunday? " + System.nanoTime());
    String convoId = convoWith(live, "Hana Sato").get("id").asText();
    String chatUri = "at://" + BlueskyApi.DID + "/app.bsky.feed.post/" + message.id();

    JsonNode posts =
        Http.get(
                xrpc(live)
                    + "app.bsky.feed.getPosts?uris="
                    + URLEncoder.encode(chatUri, StandardCharsets.UTF_8),
                "Authorization",
                "Bearer " + access(live))
            .json();
    JsonNode notifications =
        Http.get(
                xrpc(live) + "app.bsky.notification.listNotifications?limit=100",
                "Authorization",
                "Bearer " + access(live))
            .json();
    Http.Response page = Http.get(message.url());

    assertThat(posts.get("posts")).isEmpty();
    assertThat(notifications.toString()).doesNotContain(message.text());
    assertThat(message.url())
        .isEqualTo(live.baseUrl(SandboxPlatform.BLUESKY) + "/messages/" + convoId);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains(Html.escape(message.text()));
  }

  @Test
  void theTrickleSendsTheLibraryAChatMessageOnBeatsFiveAndThirteen() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty().withSeededConversations(40))) {
      long seededOnes = chatMessages(sandbox);
      List<Long> added = new ArrayList<>();
      for (int beat = 1; beat <= 16; beat++) {
        sandbox.trickleTick();
        added.add(chatMessages(sandbox) - seededOnes);
      }
      JsonNode newest = chatGet(sandbox, "listConvos", "limit=1").json().get("convos").get(0);

      assertThat(added)
          .containsExactly(0L, 0L, 0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L);
      assertThat(newest.get("unreadCount").asInt()).isPositive();
      assertThat(newest.get("lastMessage").get("sender").get("did").asText())
          .isNotEqualTo(BlueskyApi.DID);
    }
  }

  @Test
  void trickledChatMessagesStartNewConvosAsRequestsAndContinueRecentOnes() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty())) {
      for (int i = 0; i < 30; i++) {
        sandbox.trickleChat();
      }

      List<JsonNode> convos = allConvos(sandbox, "limit=10");

      assertThat(convos).hasSizeBetween(5, 29);
      assertThat(convos).allMatch(convo -> convo.get("status").asText().equals("request"));
      assertThat(convos).anyMatch(convo -> convo.get("unreadCount").asInt() > 1);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static long chatMessages(Sandbox sandbox) {
    return sandbox.api(SandboxPlatform.BLUESKY).store.newestFirst(item -> item.direct).count();
  }

  private static List<GeneratedConversation> seededChats() {
    return Seeded.conversations(SandboxPlatform.BLUESKY).stream()
        .filter(GeneratedConversation::direct)
        .toList();
  }

  private static String xrpc(Sandbox sandbox) {
    return sandbox.baseUrl(SandboxPlatform.BLUESKY) + "/xrpc/";
  }

  private static String access(Sandbox sandbox) {
    return Http.postJson(
            xrpc(sandbox) + "com.atproto.server.createSession",
            Map.of("identifier", BlueskyApi.IDENTIFIER, "password", BlueskyApi.APP_PASSWORD))
        .json()
        .get("accessJwt")
        .asText();
  }

  private static Http.Response chatGet(Sandbox sandbox, String method, String query) {
    return Http.get(
        xrpc(sandbox) + "chat.bsky.convo." + method + (query.isEmpty() ? "" : "?" + query),
        "Authorization",
        "Bearer " + access(sandbox),
        "atproto-proxy",
        PROXY);
  }

  private static Http.Response chatPost(Sandbox sandbox, String method, Object body) {
    return Http.postJson(
        xrpc(sandbox) + "chat.bsky.convo." + method,
        body,
        "Authorization",
        "Bearer " + access(sandbox),
        "atproto-proxy",
        PROXY);
  }

  private static Http.Response send(Sandbox sandbox, String convoId, String text) {
    return chatPost(
        sandbox, "sendMessage", Map.of("convoId", convoId, "message", Map.of("text", text)));
  }

  /** Every convo, page after page until a page comes without a cursor. */
  private static List<JsonNode> allConvos(Sandbox sandbox, String query) {
    List<JsonNode> convos = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          chatGet(sandbox, "listConvos", query + (cursor == null ? "" : "&cursor=" + cursor))
              .json();
      page.get("convos").forEach(convos::add);
      cursor = page.has("cursor") ? page.get("cursor").asText() : null;
    } while (cursor != null);
    return convos;
  }

  private static List<JsonNode> allMessages(Sandbox sandbox, String convoId, int limit) {
    List<JsonNode> messages = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          chatGet(
                  sandbox,
                  "getMessages",
                  "convoId="
                      + convoId
                      + "&limit="
                      + limit
                      + (cursor == null ? "" : "&cursor=" + cursor))
              .json();
      page.get("messages").forEach(messages::add);
      cursor = page.has("cursor") ? page.get("cursor").asText() : null;
    } while (cursor != null);
    return messages;
  }

  private static JsonNode convoWith(Sandbox sandbox, String name) {
    return allConvos(sandbox, "limit=100").stream()
        .filter(convo -> patronOf(convo).get("displayName").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no convo with " + name));
  }

  /** The member who is not the library. */
  private static JsonNode patronOf(JsonNode convo) {
    for (JsonNode member : convo.get("members")) {
      if (!member.get("did").asText().equals(BlueskyApi.DID)) {
        return member;
      }
    }
    throw new AssertionError("no patron in " + convo);
  }

  private static boolean fromTheLibrary(JsonNode message) {
    return message.get("sender").get("did").asText().equals(BlueskyApi.DID);
  }

  private static void assertError(
      Http.Response response, int status, String error, String message) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.json().get("error").asText()).isEqualTo(error);
    if (message != null) {
      assertThat(response.json().get("message").asText()).isEqualTo(message);
    }
  }
}
