package org.digitalbranch.platform.bluesky;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.digitalbranch.platform.bluesky.BlueskyConversationsTest.uri;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.ArchivedItems.Known;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.DeletionLookup;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PlatformFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A reply deleted on Bluesky leaves its thread silently; getPosts leaves it out. */
class BlueskyDeletionsTest {

  private static final Credentials LOGIN =
      new Credentials.BlueskyAppPassword("library.bsky.social", "abcd-efgh-ijkl-mnop");
  private static final String POSTS = "/xrpc/app.bsky.feed.getPosts";
  private static final String THREAD = "/xrpc/app.bsky.feed.getPostThread";
  private static final String PATRON = "did:plc:patron";

  private WireMockServer server;
  private BlueskyReader reader;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    reader = new BlueskyReader(new BlueskyPlatform(PlatformDoubles.settings(server)));
    server.stubFor(
        post("/xrpc/com.atproto.server.createSession")
            .willReturn(
                json(
                    200,
                    """
                    {"accessJwt":"access-1","refreshJwt":"refresh-1",
                     "handle":"library.bsky.social","did":"did:plc:library"}
                    """)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static List<Known> posts(String... ids) {
    List<Known> posts = new ArrayList<>();
    for (String id : ids) {
      posts.add(new Known(id, null, null, MessageKind.REPLY, "patron", Instant.EPOCH, false));
    }
    return posts;
  }

  private static String view(String uri) {
    return "{\"uri\":\"" + uri + "\",\"cid\":\"bafy\",\"author\":{\"did\":\"" + PATRON + "\"}}";
  }

  private List<List<String>> asked() {
    List<List<String>> asked = new ArrayList<>();
    for (LoggedRequest request : server.findAll(getRequestedFor(urlPathEqualTo(POSTS)))) {
      asked.add(request.queryParameter("uris").values());
    }
    return asked;
  }

  private void threadSays(String uri, String thread) {
    server.stubFor(
        get(urlPathEqualTo(THREAD))
            .withQueryParam("uri", equalTo(uri))
            .willReturn(json(200, "{\"thread\":" + thread + "}")));
  }

  @Test
  void aPostGetPostsLeavesOutWhoseThreadSaysNotFoundIsGoneWithThatAsTheEvidence() throws Exception {
    String kept = uri(PATRON, "3kept");
    String deleted = uri(PATRON, "3gone");
    server.stubFor(
        get(urlPathEqualTo(POSTS)).willReturn(json(200, "{\"posts\":[" + view(kept) + "]}")));
    threadSays(
        deleted,
        "{\"$type\":\"app.bsky.feed.defs#notFoundPost\",\"uri\":\""
            + deleted
            + "\",\"notFound\":true}");

    DeletionLookup.Answer answer = reader.gone("bluesky-main", LOGIN, posts(kept, deleted));

    assertThat(asked()).containsExactly(List.of(kept, deleted));
    assertThat(answer.answered()).isEqualTo(2);
    assertThat(answer.gone()).containsOnlyKeys(deleted);
    assertThat(answer.gone().get(deleted)).contains("notFoundPost").contains(deleted);
    assertThat(server.findAll(getRequestedFor(urlPathEqualTo(THREAD)))).hasSize(1);
    assertThat(
            server
                .findAll(getRequestedFor(urlPathEqualTo(POSTS)))
                .getFirst()
                .getHeader("Authorization"))
        .isEqualTo("Bearer access-1");
  }

  @Test
  void aPostHiddenByABlockIsNotGoneNorOneGetPostsLeftOutForAnotherReason() throws Exception {
    String blocked = uri(PATRON, "3blocked");
    String labelled = uri(PATRON, "3labelled");
    String missing = uri(PATRON, "3missing");
    server.stubFor(get(urlPathEqualTo(POSTS)).willReturn(json(200, "{\"posts\":[]}")));
    threadSays(
        blocked,
        "{\"$type\":\"app.bsky.feed.defs#blockedPost\",\"uri\":\""
            + blocked
            + "\",\"blocked\":true,\"author\":{\"did\":\""
            + PATRON
            + "\"}}");
    threadSays(
        labelled,
        "{\"$type\":\"app.bsky.feed.defs#threadViewPost\",\"post\":" + view(labelled) + "}");
    server.stubFor(
        get(urlPathEqualTo(THREAD))
            .withQueryParam("uri", equalTo(missing))
            .willReturn(
                json(
                    400,
                    "{\"error\":\"NotFound\",\"message\":\"Post not found: " + missing + "\"}")));

    Map<String, String> gone =
        reader.gone("bluesky-main", LOGIN, posts(blocked, labelled, missing)).gone();

    assertThat(gone).containsOnlyKeys(missing);
    assertThat(gone.get(missing)).contains("NotFound");
  }

  @Test
  void twentyFivePostsGoInOneRequestAndWhatIsNoPostIsNotAsked() throws Exception {
    server.stubFor(get(urlPathEqualTo(POSTS)).willReturn(json(200, "{\"posts\":[]}")));
    server.stubFor(
        get(urlPathEqualTo(THREAD))
            .willReturn(json(200, "{\"thread\":{\"$type\":\"app.bsky.feed.defs#notFoundPost\"}}")));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(uri(PATRON, "3p" + i));
    }
    ids.add("not-a-post-uri");

    Map<String, String> gone =
        reader.gone("bluesky-main", LOGIN, posts(ids.toArray(String[]::new))).gone();

    assertThat(asked()).extracting(List::size).containsExactly(25, 5);
    assertThat(gone).hasSize(30).doesNotContainKey("not-a-post-uri");
  }

  @Test
  void anAnswerWithoutAPostListConcludesNothing() {
    server.stubFor(get(urlPathEqualTo(POSTS)).willReturn(json(200, "{\"feed\":[]}")));

    assertThatThrownBy(() -> reader.gone("bluesky-main", LOGIN, posts(uri(PATRON, "3a"))))
        .isInstanceOf(PlatformFailure.class)
        .hasMessageContaining("no post list");
  }

  @Test
  void aServerErrorConcludesNothing() {
    server.stubFor(
        get(urlPathEqualTo(POSTS))
            .willReturn(json(502, "{\"error\":\"UpstreamFailure\",\"message\":\"down\"}")));

    assertThatThrownBy(() -> reader.gone("bluesky-main", LOGIN, posts(uri(PATRON, "3a"))))
        .isInstanceOf(PlatformFailure.class);
  }
}
