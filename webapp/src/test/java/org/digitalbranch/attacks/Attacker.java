package org.digitalbranch.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person's client against the host: its own cookie jar (so its own session), no redirects
 * followed, and the session's CSRF token at hand, so that what an attack is refused for is the
 * attack itself and not a missing token.
 */
final class Attacker {

  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final URI base;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient client;
  private String csrf;

  Attacker(URI base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  void signIn(String name, String password) throws IOException, InterruptedException {
    HttpResponse<String> signedIn =
        form(
            "POST",
            "/login",
            Map.of("csrf", openSignInForm(), "username", name, "password", password));
    assertThat(signedIn.statusCode()).as("sign-in of " + name).isEqualTo(303);
    HttpResponse<String> me = get("/digital-branch/api/me");
    Matcher token = Pattern.compile("\"csrfToken\"\\s*:\\s*\"([^\"]+)\"").matcher(me.body());
    assertThat(token.find()).as(me.body()).isTrue();
    csrf = token.group(1);
  }

  /** Opens the sign-in page, starting a session, and returns its form's CSRF token. */
  String openSignInForm() throws IOException, InterruptedException {
    HttpResponse<String> form = get("/login");
    Matcher matcher = CSRF_FIELD.matcher(form.body());
    assertThat(matcher.find()).as("the login form's csrf field").isTrue();
    return matcher.group(1);
  }

  String csrf() {
    return csrf;
  }

  /** The session cookie's value, for requests sent over a raw socket. */
  String sessionCookie() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals("JSESSIONID"))
        .map(cookie -> "JSESSIONID=" + cookie.getValue())
        .findFirst()
        .orElseThrow();
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return send(request(pathAndQuery).GET());
  }

  /** A form as a browser posts it, with the session's CSRF token added when signed in. */
  HttpResponse<String> form(String method, String path, Map<String, String> fields)
      throws IOException, InterruptedException {
    String body =
        fields.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    if (csrf != null && !fields.containsKey("csrf")) {
      body += "&csrf=" + encode(csrf);
    }
    return send(
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A script's JSON request with the session's CSRF token. */
  HttpResponse<String> json(String method, String path, byte[] body)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(pathAndQuery));
    return csrf == null ? builder : builder.header("X-CSRF-Token", csrf);
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends on a connection of its own, closed afterwards: for bodies the server refuses unread
   * (413), whose connection the JDK client might otherwise pool after the server closed it.
   */
  HttpResponse<String> sendAlone(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    try (HttpClient alone =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build()) {
      return alone.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
