package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The fallback address for signed image links is the intranet's own socket address, never what a
 * request claims: a staff member's forged Host header would otherwise decide where Instagram
 * fetches an approved post's image.
 */
class RequestBaseTest {

  /** A signed-in request arriving on {@code localAddress:8080} that claims another host. */
  private static HttpServletRequest request(String localAddress, boolean signedIn) {
    Map<String, Object> answers =
        Map.of(
            "getLocalAddr",
            localAddress,
            "getLocalPort",
            8080,
            "getContextPath",
            "",
            "getScheme",
            "https",
            "getServerName",
            "attacker.example",
            "getServerPort",
            8443);
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            RequestBaseTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                method.getName().equals("getAttribute")
                    ? (signedIn && PluginFilter.USER_ATTRIBUTE.equals(args[0]) ? "someone" : null)
                    : answers.get(method.getName()));
  }

  private static String baseAfter(HttpServletRequest request) throws Exception {
    AtomicReference<String> base = new AtomicReference<>("http://127.0.0.1");
    HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                RequestBaseTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> null);
    new RequestBase(base).doFilter(request, response, (req, res) -> {});
    return base.get();
  }

  @Test
  void aSignedInRequestLeavesTheIntranetsOwnAddressNotTheHostItClaims() throws Exception {
    assertThat(baseAfter(request("192.0.2.10", true))).isEqualTo("http://192.0.2.10:8080");
    assertThat(baseAfter(request("::1", true))).isEqualTo("http://[::1]:8080");
    // As Jetty 12 gives it: in brackets already.
    assertThat(baseAfter(request("[::1]", true))).isEqualTo("http://[::1]:8080");
  }

  @Test
  void aStrangersRequestLeavesNothing() throws Exception {
    assertThat(baseAfter(request("192.0.2.10", false))).isEqualTo("http://127.0.0.1");
  }
}
