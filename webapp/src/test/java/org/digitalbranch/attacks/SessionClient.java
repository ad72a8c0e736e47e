package org.digitalbranch.attacks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person's browser session against the real host: its own cookie jar, no redirects followed
 * (tests see each answer), and the session's CSRF token as the host's pages hand it out.
 */
final class SessionClient {

  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final URI base;
  private final String name;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient client;
  private String csrf;
  private final Map<String, String> headers = new java.util.LinkedHashMap<>();

  private SessionClient(URI base, String name) {
    this.base = base;
    this.name = name;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** A visitor who opened the sign-in form: a session and a token, but nobody signed in. */
  static SessionClient anonymous(URI base) throws IOException, InterruptedException {
    SessionClient visitor = new SessionClient(base, "anonymous");
    visitor.csrf = csrfOf(visitor.get("/login"));
    return visitor;
  }

  /** A demo user signed in through the form (the demo's passwords are the user names). */
  static SessionClient signedIn(URI base, String user) throws IOException, InterruptedException {
    SessionClient session = new SessionClient(base, user);
    HttpResponse<String> signIn = session.signIn(user, user);
    if (signIn.statusCode() != 303) {
      throw new AssertionError("sign-in of " + user + ": " + signIn.statusCode());
    }
    session.csrf = csrfOf(session.get("/"));
    return session;
  }

  /** Opens the sign-in form and posts it with the form's token. */
  HttpResponse<String> signIn(String user, String password)
      throws IOException, InterruptedException {
    String token = csrfOf(get("/login"));
    return form("/login", Map.of("username", user, "password", password), token);
  }

  /** Sends {@code value} in header {@code name} with every later request (a proxy's header). */
  SessionClient withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** A visitor whose requests all carry {@code header}, from the first one on. */
  static SessionClient anonymousWith(URI base, String header, String value)
      throws IOException, InterruptedException {
    SessionClient visitor = new SessionClient(base, "anonymous");
    visitor.withHeader(header, value);
    visitor.csrf = csrfOf(visitor.get("/login"));
    return visitor;
  }

  String name() {
    return name;
  }

  /** The session's CSRF token as last handed out. */
  String csrf() {
    return csrf;
  }

  /** Reads the token again, for example after signing in renewed it. */
  void refreshCsrf() throws IOException, InterruptedException {
    HttpResponse<String> home = get("/");
    csrf = csrfOf(home.statusCode() == 200 ? home : get("/login"));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  /** A script's JSON request with the session's own token. */
  HttpResponse<String> json(String method, String path, String body)
      throws IOException, InterruptedException {
    return json(method, path, body, csrf);
  }

  /** A JSON request carrying {@code token} in {@code X-CSRF-Token}, or no token when null. */
  HttpResponse<String> json(String method, String path, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(body.replace('\'', '"')));
    if (token != null) {
      request.header("X-CSRF-Token", token);
    }
    return send(request);
  }

  /** An HTML form post with the session's own token in the {@code csrf} field. */
  HttpResponse<String> form(String path, Map<String, String> fields)
      throws IOException, InterruptedException {
    return form(path, fields, csrf);
  }

  /** An HTML form post carrying {@code token} in the {@code csrf} field, or none when null. */
  HttpResponse<String> form(String path, Map<String, String> fields, String token)
      throws IOException, InterruptedException {
    String body =
        fields.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    if (token != null) {
      body = (body.isEmpty() ? "" : body + "&") + "csrf=" + encode(token);
    }
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(body)));
  }

  /** Uploads a small PNG as the compose page's script does, with {@code token} (or none). */
  HttpResponse<String> upload(String path, String token) throws IOException, InterruptedException {
    String boundary = "----authorisation-matrix";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cover.png\""
                + "\r\nContent-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(png(200));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(BodyPublishers.ofByteArray(body.toByteArray()));
    if (token != null) {
      request.header("X-CSRF-Token", token);
    }
    return send(request);
  }

  /** A 1×1 PNG padded with zeros to {@code size} bytes (the image store reads its header only). */
  static byte[] png(int size) {
    return java.util.Arrays.copyOf(
        java.util.Base64.getDecoder()
            .decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
        size);
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

  /** The CSRF token a page's forms carry. */
  static String csrfOf(HttpResponse<String> page) {
    Matcher matcher = CSRF_FIELD.matcher(page.body());
    if (!matcher.find()) {
      throw new AssertionError("no csrf field in " + page.uri() + " (" + page.statusCode() + ")");
    }
    return matcher.group(1);
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    headers.forEach(request::header);
    return client.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return name;
  }
}
