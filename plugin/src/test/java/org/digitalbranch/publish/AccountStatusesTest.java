package org.digitalbranch.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.digitalbranch.publish.PublishFixture.BLUESKY;
import static org.digitalbranch.publish.PublishFixture.FACEBOOK;
import static org.digitalbranch.publish.PublishFixture.INSTAGRAM;
import static org.digitalbranch.publish.PublishFixture.IT;
import static org.digitalbranch.publish.PublishFixture.MASTODON;
import static org.digitalbranch.publish.PublishFixture.MO;
import static org.digitalbranch.publish.PublishFixture.START;
import static org.digitalbranch.publish.PublishFixture.STATUSES;
import static org.digitalbranch.publish.PublishFixture.TWEETS;
import static org.digitalbranch.publish.PublishFixture.X;
import static org.digitalbranch.publish.PublishFixture.X_TOKEN;
import static org.digitalbranch.publish.PublishFixture.json;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.digitalbranch.platform.Credentials;
import org.digitalbranch.platform.PublishOutcome;
import org.digitalbranch.platform.Verification;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostRefused;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStatusesTest {
  private static final String VERIFY = "/api/v1/accounts/verify_credentials";

  @TempDir Path folder;
  private PublishFixture library;
  private Publisher publisher;

  @BeforeEach
  void open() {
    library = new PublishFixture(folder);
    publisher = library.publisher();
  }

  @AfterEach
  void close() {
    library.close();
  }

  @Test
  void everyConfiguredAccountIsListedOkBeforeAnythingHappened() {
    assertThat(library.statuses.all(IT))
        .extracting(AccountStatus::accountId, AccountStatus::platform, AccountStatus::state)
        .containsExactly(
            tuple(BLUESKY, "bluesky", AccountState.OK),
            tuple(FACEBOOK, "facebook", AccountState.OK),
            tuple(INSTAGRAM, "instagram", AccountState.OK),
            tuple(MASTODON, "mastodon", AccountState.OK),
            tuple(X, "x", AccountState.OK));
  }

  @Test
  void onlyAdminsSeeTheAccounts() {
    assertThatThrownBy(() -> library.statuses.all(MO)).isInstanceOf(PostRefused.class);
    assertThatThrownBy(() -> library.statuses.testConnection(MO, MASTODON))
        .isInstanceOf(PostRefused.class);
  }

  @Test
  void aSuccessfulConnectionTestReleasesAnAccountThatNeededReconnecting() {
    library.platforms.stubFor(
        post(STATUSES).willReturn(json(401, "{\"error\":\"The access token was revoked\"}")));
    Post post = library.approved("Story time at 10!", MASTODON);
    publisher.runOnce(START);
    assertThat(library.account(MASTODON).state()).isEqualTo(AccountState.NEEDS_RECONNECT);
    library.platforms.resetMappings();
    library.mastodonPublishes();
    library.platforms.stubFor(
        get(VERIFY).willReturn(json(200, "{\"id\":\"42\",\"acct\":\"library\"}")));

    Verification verification = library.statuses.testConnection(IT, MASTODON);

    assertThat(verification)
        .isEqualTo(new Verification.Verified("42", "@library", Optional.empty()));
    assertThat(library.account(MASTODON).state()).isEqualTo(AccountState.OK);
    assertThat(publisher.runOnce(START.plus(Duration.ofMinutes(5)))).isEqualTo(1);
    assertThat(library.outcome(publisher, post.id(), MASTODON).state())
        .isEqualTo(TargetState.PUBLISHED);
  }

  @Test
  void aFailedConnectionTestMarksTheAccountWithThePlatformsReason() {
    library.platforms.stubFor(
        get(VERIFY).willReturn(json(401, "{\"error\":\"The access token was revoked\"}")));

    Verification verification = library.statuses.testConnection(IT, MASTODON);

    String reason =
        "Mastodon no longer accepts this account's access token (The access token was revoked)";
    assertThat(verification)
        .isEqualTo(new Verification.Failed(new PublishOutcome.NeedsReconnect(reason)));
    AccountStatus account = library.account(MASTODON);
    assertThat(account.state()).isEqualTo(AccountState.NEEDS_RECONNECT);
    assertThat(account.reason()).isEqualTo(reason);
    assertThat(account.lastFailureAt()).isEqualTo(START);
  }

  @Test
  void aRenewedXTokenIsStoredAndUsedAfterARestartWhileTheSettingsStayTheSame() {
    library.platforms.stubFor(
        post(TWEETS)
            .withHeader("Authorization", equalTo("Bearer x-access-1"))
            .willReturn(json(401, "{\"title\":\"Unauthorized\",\"status\":401}")));
    library.platforms.stubFor(
        post("/2/oauth2/token")
            .willReturn(
                json(
                    200,
                    """
                    {"token_type":"bearer","expires_in":7200,"access_token":"x-access-2",
                     "refresh_token":"x-refresh-2"}
                    """)));
    library.platforms.stubFor(
        post(TWEETS)
            .withHeader("Authorization", equalTo("Bearer x-access-2"))
            .willReturn(json(201, "{\"data\":{\"id\":\"1445880548472328192\"}}")));
    Post post = library.approved("Story time at 10!", X);

    Instant now = library.clock.instant();
    publisher.runOnce(now);

    assertThat(library.outcome(publisher, post.id(), X).state()).isEqualTo(TargetState.PUBLISHED);
    Credentials.XOAuth2 renewed =
        new Credentials.XOAuth2(
            "x-access-2", "x-refresh-2", "client-42", Optional.of(now.plusSeconds(7200)));
    assertThat(library.credentials.current(X)).isEqualTo(renewed);
    assertThat(library.account(X).tokenExpiresAt()).isEqualTo(now.plusSeconds(7200));

    RenewedCredentials afterRestart = new RenewedCredentials(library.transactor, library.clock);
    afterRestart.register(X, X_TOKEN);
    assertThat(afterRestart.current(X)).isEqualTo(renewed);

    Credentials.XOAuth2 newlyConfigured =
        new Credentials.XOAuth2("x-access-9", "x-refresh-9", "client-42", Optional.empty());
    RenewedCredentials reconfigured = new RenewedCredentials(library.transactor, library.clock);
    reconfigured.register(X, newlyConfigured);
    assertThat(reconfigured.current(X)).isEqualTo(newlyConfigured);
    library.platforms.verify(
        1,
        postRequestedFor(urlEqualTo("/2/oauth2/token"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("x-refresh-1")));
  }
}
