package org.digitalbranch.platform.bluesky;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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

  @Test
  void aPostGetPostsLeavesOutIsGoneAndTheQuestionIsKeptAsTheEvidence() throws Exception {
    String kept = uri(PATRON, "3kept");
    String deleted = uri(PATRON, "3gone");
    server.stubFor(
        get(urlPathEqualTo(POSTS)).willReturn(json(200, "{\"posts\":[" + view(kept) + "]}")));

    Map<String, String> gone = reader.gone("bluesky-main", LOGIN, posts(kept, deleted));

    assertThat(asked()).containsExactly(List.of(kept, deleted));
    assertThat(gone).containsOnlyKeys(deleted);
    assertThat(gone.get(deleted))
        .contains("app.bsky.feed.getPosts")
        .contains(deleted)
        .contains("\"found\":false");
    assertThat(
            server
                .findAll(getRequestedFor(urlPathEqualTo(POSTS)))
                .getFirst()
                .getHeader("Authorization"))
        .isEqualTo("Bearer access-1");
  }

  @Test
  void twentyFivePostsGoInOneRequestAndWhatIsNoPostIsNotAsked() throws Exception {
    server.stubFor(get(urlPathEqualTo(POSTS)).willReturn(json(200, "{\"posts\":[]}")));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(uri(PATRON, "3p" + i));
    }
    ids.add("not-a-post-uri");

    Map<String, String> gone =
        reader.gone("bluesky-main", LOGIN, posts(ids.toArray(String[]::new)));

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
