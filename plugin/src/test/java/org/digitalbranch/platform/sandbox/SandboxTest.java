package org.digitalbranch.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxTest {

  @Test
  void theDemoAccountsNameTheLibraryTheSandboxPlays() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty())) {
      for (org.digitalbranch.config.AccountConfig account :
          org.digitalbranch.config.DigitalBranchConfig.demoAccounts()) {
        assertThat(account.handle())
            .as(account.id())
            .isEqualTo(sandbox.account(SandboxPlatform.fromId(account.platform().id())).handle());
      }
    }
  }

  @Test
  void everyPlatformListensOnLoopbackOnlyOnItsOwnPort() throws IOException {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty())) {
      List<Integer> ports = new ArrayList<>();
      for (SandboxPlatform platform : SandboxPlatform.values()) {
        URI base = URI.create(sandbox.baseUrl(platform));
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
        ports.add(base.getPort());
      }
      assertThat(ports).doesNotHaveDuplicates();

      InetAddress outside = nonLoopbackAddress();
      assumeTrue(outside != null, "this machine has no non-loopback IPv4 address to try");
      for (int port : ports) {
        try (Socket socket = new Socket()) {
          assertThatThrownBy(() -> socket.connect(new InetSocketAddress(outside, port), 500))
              .isInstanceOf(IOException.class);
        }
      }
    }
  }

  @Test
  void stopReleasesEveryPortAndCanBeCalledTwice() throws IOException {
    Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty());
    List<Integer> ports = new ArrayList<>();
    for (SandboxPlatform platform : SandboxPlatform.values()) {
      ports.add(URI.create(sandbox.baseUrl(platform)).getPort());
    }

    sandbox.stop();
    sandbox.stop();

    for (int port : ports) {
      try (ServerSocket again = new ServerSocket()) {
        again.bind(new InetSocketAddress("127.0.0.1", port));
        assertThat(again.isBound()).isTrue();
      }
    }
  }

  @Test
  void theAccountsCarryTheCredentialsEachPlatformNeeds() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty())) {
      assertThat(sandbox.accounts())
          .extracting(SandboxAccount::platform)
          .containsExactly(SandboxPlatform.values());
      assertThat(sandbox.account(SandboxPlatform.FACEBOOK).credentials())
          .containsOnlyKeys("accessToken", "pageId");
      assertThat(sandbox.account(SandboxPlatform.INSTAGRAM).credentials())
          .containsOnlyKeys("accessToken", "igUserId", "pageId");
      assertThat(sandbox.account(SandboxPlatform.MASTODON).credentials())
          .containsOnlyKeys("accessToken");
      assertThat(sandbox.account(SandboxPlatform.BLUESKY).credentials())
          .containsOnlyKeys("identifier", "password");
      assertThat(sandbox.account(SandboxPlatform.X).credentials())
          .containsOnlyKeys("accessToken", "refreshToken", "clientId");
      assertThat(sandbox.account(SandboxPlatform.MASTODON).baseUrl())
          .isEqualTo(sandbox.baseUrl("mastodon"));
      assertThat(sandbox.account(SandboxPlatform.X).toString()).doesNotContain("sandbox-x-access");
    }
  }

  @Test
  void theDemoSeedsAFewThousandConversationsInSeconds() {
    SandboxBehaviour demo = SandboxBehaviour.demo().withTrickleEvery(Duration.ZERO);
    Map<SandboxPlatform, SandboxApi> apis = new java.util.EnumMap<>(SandboxPlatform.class);
    apis.put(SandboxPlatform.FACEBOOK, new FacebookApi());
    apis.put(SandboxPlatform.INSTAGRAM, new InstagramApi());
    apis.put(SandboxPlatform.MASTODON, new MastodonApi());
    apis.put(SandboxPlatform.BLUESKY, new BlueskyApi());
    apis.put(SandboxPlatform.X, new XApi());
    Sandbox.seededConversations(demo, Instant.now()).limit(50).forEach(c -> {}); // warm up

    long started = System.nanoTime();
    Sandbox.seededConversations(demo, Instant.now())
        .forEach(conversation -> apis.get(conversation.platform()).seed(conversation));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    int items = apis.values().stream().mapToInt(api -> api.store.size()).sum();
    assertThat(demo.seededConversations()).isEqualTo(3000);
    assertThat(items).isGreaterThan(6000);
    // A generous bound: it guards against a slow seed making the demo start crawl, not a speed.
    assertThat(took).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aSandboxStartedAgainWithTheSameHistoryEndServesTheSameConversationsUnderTheSameIds() {
    Instant end = Instant.parse("2026-11-01T12:00:00Z");
    SandboxBehaviour behaviour =
        SandboxBehaviour.empty().withSeededConversations(60).withTrickleEvery(Duration.ZERO);
    Map<SandboxPlatform, List<String>> first;
    Map<SandboxPlatform, List<String>> again;
    try (Sandbox sandbox = Sandbox.start(behaviour, end)) {
      first = ids(sandbox);
    }
    try (Sandbox sandbox = Sandbox.start(behaviour, end)) {
      again = ids(sandbox);
    }
    try (Sandbox sandbox = Sandbox.start(behaviour, end.plusSeconds(3600))) {
      assertThat(ids(sandbox)).as("another end, other ids").isNotEqualTo(first);
    }

    assertThat(first.values().stream().mapToInt(List::size).sum()).isGreaterThan(60);
    assertThat(again).isEqualTo(first);
  }

  private static Map<SandboxPlatform, List<String>> ids(Sandbox sandbox) {
    Map<SandboxPlatform, List<String>> ids = new java.util.EnumMap<>(SandboxPlatform.class);
    for (SandboxPlatform platform : SandboxPlatform.values()) {
      ids.put(
          platform,
          sandbox.api(platform).store.newestFirst(item -> true).map(item -> item.id).toList());
    }
    return ids;
  }

  @Test
  void theTrickleAddsCustomerCommentsWhileTheDemoRunsAndStopsWithIt() throws Exception {
    Sandbox sandbox =
        Sandbox.start(
            SandboxBehaviour.empty()
                .withSeededConversations(20)
                .withTrickleEvery(Duration.ofMillis(50)));
    int before = total(sandbox);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (total(sandbox) < before + 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    sandbox.stop();
    int stopped = total(sandbox);
    Thread.sleep(200);

    assertThat(stopped).isGreaterThanOrEqualTo(before + 3);
    assertThat(total(sandbox)).isEqualTo(stopped);
  }

  @Test
  void aTrickledCommentLandsUnderAPostPublishedInTheDemo() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty())) {
      String form = "message=Tell+us+your+favourite+mystery&access_token=" + FacebookApi.TOKEN;
      String postId =
          Http.postForm(
                  sandbox.baseUrl(SandboxPlatform.FACEBOOK) + "/" + FacebookApi.PAGE_ID + "/feed",
                  form)
              .json()
              .get("id")
              .asText();

      PublishedPost comment = null;
      for (int i = 0; i < 200 && comment == null; i++) {
        PublishedPost added = sandbox.trickleOnce();
        if (added.platform() == SandboxPlatform.FACEBOOK) {
          comment = added;
        }
      }

      assertThat(comment).isNotNull();
      assertThat(postId).endsWith("_" + comment.inReplyTo());
      assertThat(comment.text()).isNotBlank();
    }
  }

  @Test
  void aCustomerMessageGivenByATestArrivesAsAMentionAndTheTrickleLeavesItAlone() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty().withSeededConversations(30))) {
      PublishedPost mention =
          sandbox.customerWrites(
              SandboxPlatform.MASTODON, "Rosa Delgado", "  How do I freeze a hold?  ");
      for (int i = 0; i < 4; i++) {
        sandbox.trickleOnce();
      }
      List<PublishedPost> changed = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        changed.add(sandbox.changeRecentComment());
      }

      JsonNode notifications =
          Http.get(
                  sandbox.baseUrl(SandboxPlatform.MASTODON) + "/api/v1/notifications?limit=80",
                  "Authorization",
                  "Bearer " + MastodonApi.TOKEN)
              .json();
      JsonNode ours = null;
      for (JsonNode notification : notifications) {
        if (notification.path("status").path("id").asText().equals(mention.id())) {
          ours = notification;
        }
      }
      assertThat(ours).as("the mention among the notifications").isNotNull();
      assertThat(ours.get("type").asText()).isEqualTo("mention");
      assertThat(ours.path("account").path("acct").asText()).startsWith("rosadelgado");
      assertThat(ours.path("status").path("content").asText()).contains("How do I freeze a hold?");
      assertThat(mention.inReplyTo()).isNull();
      assertThat(changed).extracting(PublishedPost::id).doesNotContain(mention.id());
    }
  }

  @Test
  void aMastodonAnswerReadBackIsTheTextTheArchiveRecordedForIt() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty())) {
      PublishedPost question =
          sandbox.customerWrites(SandboxPlatform.MASTODON, "Rosa Delgado", "Can I freeze a hold?");
      org.digitalbranch.platform.PlatformSettings settings =
          org.digitalbranch.platform.PlatformSettings.defaults(
              java.net.URI.create(sandbox.baseUrl(SandboxPlatform.MASTODON)));
      var mastodon = new org.digitalbranch.platform.mastodon.MastodonPlatform(settings);
      var responder = new org.digitalbranch.platform.mastodon.MastodonResponder(mastodon);
      var token = new org.digitalbranch.platform.Credentials.MastodonToken(MastodonApi.TOKEN);
      String patron = "rosadelgado@example.social";

      var sent =
          responder.reply(
              new org.digitalbranch.platform.ReplyRequest(
                  "key-1", question.id(), "Yes, for up to 90 days.", token, false, patron));
      var read =
          org.digitalbranch.platform.ReadDrain.poll(
              new org.digitalbranch.platform.mastodon.MastodonReader(mastodon),
              "mastodon-sandbox",
              token,
              null);

      String id = ((org.digitalbranch.platform.PublishOutcome.Published) sent).platformId();
      assertThat(read.item(id).text())
          .as("what the archive records for the answer: the next poll finds no edit")
          .isEqualTo(responder.textAsShown("Yes, for up to 90 days.", patron, false))
          .isEqualTo("@rosadelgado Yes, for up to 90 days.");
    }
  }

  @Test
  void aCustomerMessageNeedsWords() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty())) {
      assertThatThrownBy(() -> sandbox.customerWrites(SandboxPlatform.X, "Rosa", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("text:");
    }
  }

  @Test
  void trickledCommentsAreLaterEditedOrDeletedByTheirAuthors() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty().withSeededConversations(30))) {
      for (int i = 0; i < 4; i++) {
        sandbox.trickleOnce();
      }

      PublishedPost first = sandbox.changeRecentComment();
      PublishedPost second = sandbox.changeRecentComment();

      assertChanged(first, true);
      assertChanged(second, false);
    }
  }

  private static void assertChanged(PublishedPost changed, boolean editIfPossible) {
    boolean canEdit =
        changed.platform() != SandboxPlatform.BLUESKY
            && changed.platform() != SandboxPlatform.INSTAGRAM;
    Http.Response page = Http.get(changed.url());
    if (editIfPossible && canEdit) {
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).contains("(edit: never mind, found it!)");
      assertThat(changed.text()).endsWith("(edit: never mind, found it!)");
    } else {
      assertThat(page.status()).isEqualTo(404);
      assertThat(page.body()).contains("This post was deleted.");
    }
  }

  @Test
  void aSlowPublishIsHeldBackAsTheBehaviourAsks() {
    try (Sandbox sandbox =
        Sandbox.start(SandboxBehaviour.empty().withPublishDelay(Duration.ofMillis(400)))) {
      long started = System.nanoTime();
      Http.Response response =
          Http.postJson(
              sandbox.baseUrl(SandboxPlatform.MASTODON) + "/api/v1/statuses",
              Map.of("status", "Slow but sure"),
              "Authorization",
              Http.bearer(MastodonApi.TOKEN));

      assertThat(response.status()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThan(Duration.ofMillis(350));
      assertThat(sandbox.published(SandboxPlatform.MASTODON)).hasSize(1);
    }
  }

  @Test
  void failuresComeFromTheSettingAndBadValuesNameTheirKey() {
    SandboxBehaviour behaviour =
        SandboxBehaviour.demo()
            .withFailures(
                Map.of(
                    "mastodon", "rate-limit-once",
                    "x", "expired-token",
                    "facebook", "server-error-once"));

    assertThat(behaviour.failure(SandboxPlatform.MASTODON)).isEqualTo(FailureMode.RATE_LIMIT_ONCE);
    assertThat(behaviour.failure(SandboxPlatform.X)).isEqualTo(FailureMode.EXPIRED_TOKEN);
    assertThat(behaviour.failure(SandboxPlatform.FACEBOOK))
        .isEqualTo(FailureMode.SERVER_ERROR_ONCE);
    assertThat(behaviour.failure(SandboxPlatform.BLUESKY)).isEqualTo(FailureMode.NONE);
    assertThatThrownBy(() -> SandboxBehaviour.demo().withFailures(Map.of("myspace", "none")))
        .hasMessageStartingWith("failures.myspace: unknown platform \"myspace\"");
    assertThatThrownBy(() -> SandboxBehaviour.demo().withFailures(Map.of("x", "explode")))
        .hasMessageStartingWith("failures.x: unknown failure \"explode\"");
  }

  @Test
  void failuresFromTheBehaviourAreOnWhenTheSandboxStarts() {
    try (Sandbox sandbox =
        Sandbox.start(
            SandboxBehaviour.empty().withFailures(Map.of("mastodon", "server-error-once")))) {
      Http.Response failed =
          Http.postJson(
              sandbox.baseUrl(SandboxPlatform.MASTODON) + "/api/v1/statuses",
              Map.of("status", "First try"),
              "Authorization",
              Http.bearer(MastodonApi.TOKEN));

      assertThat(failed.status()).isEqualTo(503);
      assertThat(sandbox.failure(SandboxPlatform.MASTODON)).isEqualTo(FailureMode.NONE);
    }
  }

  @Test
  void wireMocksAdminApiCannotChangeTheSandbox() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty())) {
      Http.Response reset =
          Http.postJson(sandbox.baseUrl(SandboxPlatform.X) + "/__admin/reset", Map.of());

      assertThat(reset.status()).isEqualTo(401);
    }
  }

  @Test
  void customerTextOnASandboxPageIsEscaped() {
    try (Sandbox sandbox = Sandbox.start(SandboxBehaviour.empty())) {
      String status =
          Http.postJson(
                  sandbox.baseUrl(SandboxPlatform.MASTODON) + "/api/v1/statuses",
                  Map.of("status", "intro"),
                  "Authorization",
                  Http.bearer(MastodonApi.TOKEN))
              .json()
              .get("id")
              .asText();
      PublishedPost reply =
          sandbox.customerReply(
              SandboxPlatform.MASTODON, status, "<script>alert('hi')</script> & \"thanks\"");

      Http.Response page = Http.get(reply.url());

      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.body())
          .contains("&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; &amp; &quot;thanks&quot;")
          .doesNotContain("<script>");
    }
  }

  private static int total(Sandbox sandbox) {
    int total = 0;
    for (SandboxPlatform platform : SandboxPlatform.values()) {
      total += sandbox.size(platform);
    }
    return total;
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!network.isUp() || network.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(network.getInetAddresses())) {
        if (address instanceof Inet4Address) {
          return address;
        }
      }
    }
    return null;
  }
}
