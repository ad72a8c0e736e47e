package org.digitalbranch.platform.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.digitalbranch.archive.MessageKind;
import org.digitalbranch.platform.ArchivedItems.Known;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.CredentialsListener;
import org.digitalbranch.platform.PlatformDoubles;
import org.digitalbranch.platform.PlatformFailure;
import org.digitalbranch.platform.PublishOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** X never says a post was deleted; asked by id, it names the ones it cannot find. */
class XDeletionsTest {

  private static final Credentials TOKEN =
      new Credentials.XOAuth2("x-access-1", "x-refresh-1", "client-1", Optional.empty());
  private static final String LOOKUP = "/2/tweets";

  private static final String NOT_FOUND =
      """
      {"value":"%1$s","detail":"Could not find tweet with ids: [%1$s].","title":"Not Found Error",
       "resource_type":"tweet","parameter":"ids","resource_id":"%1$s",
       "type":"https://api.twitter.com/2/problems/resource-not-found"}
      """;

  private WireMockServer server;
  private XReader reader;

  @BeforeEach
  void start() {
    server = PlatformDoubles.start();
    reader =
        new XReader(new XPlatform(PlatformDoubles.settings(server), CredentialsListener.IGNORE));
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
      posts.add(new Known(id, null, "200", MessageKind.MENTION, "reader", Instant.EPOCH, false));
    }
    return posts;
  }

  private List<String> askedIds() {
    List<String> asked = new ArrayList<>();
    for (LoggedRequest request : server.findAll(getRequestedFor(urlPathEqualTo(LOOKUP)))) {
      asked.add(request.queryParameter("ids").firstValue());
    }
    return asked;
  }

  @Test
  void aPostTheLookupCannotFindIsGoneWithXsErrorAsTheEvidence() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(LOOKUP))
            .willReturn(
                json(
                    200,
                    "{\"data\":[{\"id\":\"201\",\"text\":\"Still here\"}],\"errors\":["
                        + NOT_FOUND.formatted("202")
                        + "]}")));

    Map<String, String> gone = reader.gone("x-main", TOKEN, posts("201", "202")).gone();

    assertThat(askedIds()).containsExactly("201,202");
    assertThat(gone).containsOnlyKeys("202");
    assertThat(gone.get("202")).contains("resource-not-found").contains("\"resource_id\":\"202\"");
    assertThat(
            server
                .findAll(getRequestedFor(urlPathEqualTo(LOOKUP)))
                .getFirst()
                .getHeader("Authorization"))
        .isEqualTo("Bearer x-access-1");
  }

  @Test
  void anErrorOtherThanNotFoundSaysNothingOfADeletion() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(LOOKUP))
            .willReturn(
                json(
                    200,
                    """
                    {"errors":[{"value":"301",
                     "detail":"Sorry, you are not authorized to see the Tweet with ids: [301].",
                     "title":"Authorization Error",
                     "resource_type":"tweet","parameter":"ids","resource_id":"301",
                     "type":"https://api.twitter.com/2/problems/not-authorized-for-resource"}]}
                    """)));

    assertThat(reader.gone("x-main", TOKEN, posts("301")).gone()).isEmpty();
  }

  @Test
  void aHundredIdsGoInOneRequest() throws Exception {
    server.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(json(200, "{\"data\":[]}")));
    String[] ids = new String[250];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Integer.toString(10_000 + i);
    }

    reader.gone("x-main", TOKEN, posts(ids));

    List<String> asked = askedIds();
    assertThat(asked).hasSize(3);
    assertThat(asked.get(0).split(",")).hasSize(100).startsWith("10000");
    assertThat(asked.get(2).split(",")).hasSize(50).endsWith("10249");
    assertThat(reader.mostPerLook()).isEqualTo(500);
  }

  @Test
  void aRateLimitedLookupConcludesNothing() {
    server.stubFor(
        get(urlPathEqualTo(LOOKUP))
            .willReturn(
                json(
                        429,
                        "{\"title\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429,"
                            + "\"detail\":\"Too Many Requests\"}")
                    .withHeader(
                        "x-rate-limit-reset",
                        Long.toString(PlatformDoubles.NOW.getEpochSecond() + 600))));

    assertThatThrownBy(() -> reader.gone("x-main", TOKEN, posts("401")))
        .isInstanceOfSatisfying(
            PlatformFailure.class,
            failure ->
                assertThat(failure.outcome()).isInstanceOf(PublishOutcome.RateLimited.class));
  }
}
