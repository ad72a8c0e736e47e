package org.digitalbranch.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.digitalbranch.intranet.IntranetServer;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in throttling against the ways around it that SignInTest's one-user case leaves open:
 * guessing many users' passwords, and claiming another address in {@code X-Forwarded-For}, which
 * only counts when the intranet is configured behind a proxy. Each case has its own intranet, since
 * the throttle remembers the address all tests share.
 */
class SessionThrottleTest {

  @TempDir static Path directData;
  @TempDir static Path proxiedData;
  private static Server direct;
  private static Server proxied;

  @BeforeAll
  static void start() throws Exception {
    direct = started(IntranetConfig.demo(directData).withoutClasspathPlugins());
    IntranetConfig demo = IntranetConfig.demo(proxiedData).withoutClasspathPlugins();
    proxied =
        started(
            new IntranetConfig(
                0,
                demo.bind(),
                true,
                proxiedData,
                demo.users(),
                demo.pluginSettings(),
                true,
                false));
  }

  private static Server started(IntranetConfig config) throws Exception {
    Server server = IntranetServer.newServer(config.withPort(0));
    server.start();
    return server;
  }

  private static URI base(Server server) {
    return URI.create(
        "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
  }

  @AfterAll
  static void stop() throws Exception {
    direct.stop();
    proxied.stop();
  }

  @Test
  void guessingManyUsersPasswordsWithForgedForwardedAddressesIsStillThrottled() throws Exception {
    String[] users = {"staff", "staff2", "moderator", "moderator2", "admin", "nobody"};
    for (int i = 0; i < users.length; i++) {
      SessionClient guesser =
          SessionClient.anonymousWith(base(direct), "X-Forwarded-For", "203.0.113." + (i + 1));
      assertThat(guesser.signIn(users[i], "password1").statusCode()).as(users[i]).isEqualTo(200);
    }

    SessionClient next =
        SessionClient.anonymousWith(base(direct), "X-Forwarded-For", "198.51.100.99");
    HttpResponse<String> evenTheRightPassword = next.signIn("admin", "admin");

    assertThat(evenTheRightPassword.statusCode()).isEqualTo(429);
    assertThat(evenTheRightPassword.headers().firstValue("Retry-After")).isPresent();
    assertThat(next.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void behindAProxyOneGuessersAddressIsThrottledAndNotEveryoneElses() throws Exception {
    for (int i = 0; i < 6; i++) {
      SessionClient guesser =
          SessionClient.anonymousWith(base(proxied), "X-Forwarded-For", "203.0.113.7");
      assertThat(guesser.signIn("admin", "guess" + i).statusCode()).isEqualTo(200);
    }
    SessionClient guesser =
        SessionClient.anonymousWith(base(proxied), "X-Forwarded-For", "203.0.113.7");
    SessionClient colleague =
        SessionClient.anonymousWith(base(proxied), "X-Forwarded-For", "198.51.100.2");

    assertThat(guesser.signIn("admin", "admin").statusCode()).isEqualTo(429);
    assertThat(colleague.signIn("staff", "staff").statusCode()).isEqualTo(303);
  }

  @Test
  void guessingOneUsersPasswordFromEverChangingForwardedAddressesIsThrottledByTheName()
      throws Exception {
    for (int i = 1; i <= 6; i++) {
      SessionClient guesser =
          SessionClient.anonymousWith(base(proxied), "X-Forwarded-For", "192.0.2." + i);
      assertThat(guesser.signIn("moderator2", "guess" + i).statusCode()).isEqualTo(200);
    }

    SessionClient next =
        SessionClient.anonymousWith(base(proxied), "X-Forwarded-For", "192.0.2.99");
    HttpResponse<String> evenTheRightPassword = next.signIn("moderator2", "moderator2");

    assertThat(evenTheRightPassword.statusCode()).isEqualTo(429);
    assertThat(evenTheRightPassword.body()).contains("Too many failed sign-ins for this user name");
  }
}
