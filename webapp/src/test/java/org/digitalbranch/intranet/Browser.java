package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A JDK HttpClient with a cookie jar that does not follow redirects, so tests see each answer. */
final class Browser {

  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final URI base;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient client;

  Browser(URI base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The origin this browser talks to, {@code http://127.0.0.1:port}. */
  URI base() {
    return base;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
  }

  HttpResponse<String> post(String path, Map<String, String> form)
      throws IOException, InterruptedException {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** A request with {@code method} and no body, as a script might send to any address. */
  HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /** The exact bytes a browser would receive (images, fonts), for weighing a page. */
  HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * A form posted as {@code multipart/form-data}, as a browser posts a form with a file input; a
   * name may repeat (checkboxes), so the fields are given as name-value pairs in order.
   */
  HttpResponse<String> postMultipart(String path, List<Map.Entry<String, String>> fields)
      throws IOException, InterruptedException {
    String boundary = "----bench" + Long.toHexString(System.nanoTime());
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> field : fields) {
      body.append("--")
          .append(boundary)
          .append("\r\nContent-Disposition: form-data; name=\"")
          .append(field.getKey())
          .append("\"\r\n\r\n")
          .append(field.getValue())
          .append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build());
  }

  /** A script's JSON request, carrying the session's CSRF token in {@code X-CSRF-Token}. */
  HttpResponse<String> json(String method, String path, String csrf, String body)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .header("X-CSRF-Token", csrf)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** Opens the sign-in form and posts it, as a person would. */
  HttpResponse<String> signIn(String name, String password)
      throws IOException, InterruptedException {
    return signIn(name, password, "/login");
  }

  HttpResponse<String> signIn(String name, String password, String formPath)
      throws IOException, InterruptedException {
    String csrf = csrfOf(get(formPath));
    Map<String, String> form = new LinkedHashMap<>();
    form.put("csrf", csrf);
    form.put("username", name);
    form.put("password", password);
    String next = URI.create(formPath).getQuery();
    if (next != null && next.startsWith("next=")) {
      form.put("next", java.net.URLDecoder.decode(next.substring(5), StandardCharsets.UTF_8));
    }
    return post("/login", form);
  }

  /** Signs in and insists it worked. */
  void signedInAs(String name, String password) throws IOException, InterruptedException {
    assertThat(signIn(name, password).statusCode()).as("sign-in of " + name).isEqualTo(303);
  }

  /** The CSRF token a page's forms carry. */
  static String csrfOf(HttpResponse<String> page) {
    Matcher matcher = CSRF_FIELD.matcher(page.body());
    assertThat(matcher.find()).as("a csrf field in " + page.uri()).isTrue();
    return matcher.group(1);
  }

  Optional<String> sessionId() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals("JSESSIONID"))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  /** Replaces the cookie jar's session, as an attacker holding an old cookie would. */
  void useSessionId(String id) {
    cookies.getCookieStore().removeAll();
    HttpCookie cookie = new HttpCookie("JSESSIONID", id);
    cookie.setPath("/");
    cookie.setVersion(0);
    cookies.getCookieStore().add(base, cookie);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
