package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A demo user's script against the plugin's JSON API, to set the scene for a browser test (posts in
 * the queue, the pause switch) faster than clicking. What the browser then shows is the test.
 */
final class DemoApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final String API = "/digital-branch/api/";

  private final URI base;
  private final HttpClient client;
  private final String csrf;

  private DemoApi(URI base, HttpClient client, String csrf) {
    this.base = base;
    this.client = client;
    this.csrf = csrf;
  }

  /** Signs in through the login form (the demo password is the user name). */
  static DemoApi signedIn(URI base, String user) throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String form =
        client
            .send(
                HttpRequest.newBuilder(base.resolve("/login")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher field = CSRF_FIELD.matcher(form);
    assertThat(field.find()).as("the login form's csrf field").isTrue();
    String body =
        "csrf="
            + URLEncoder.encode(field.group(1), StandardCharsets.UTF_8)
            + "&username="
            + user
            + "&password="
            + user;
    HttpResponse<String> signIn =
        client.send(
            HttpRequest.newBuilder(base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signIn.statusCode()).as("sign-in of " + user).isEqualTo(303);
    JsonNode me =
        JSON.readTree(
            client
                .send(
                    HttpRequest.newBuilder(base.resolve(API + "me")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    return new DemoApi(base, client, me.get("csrfToken").asText());
  }

  /** A draft with this text for these accounts; answers its id. */
  String draft(String text, List<String> accounts, String intent)
      throws IOException, InterruptedException {
    return draft(text, accounts, intent, Map.of());
  }

  /** A draft with images, each an uploaded image's id with its alt text; answers its id. */
  String draft(String text, List<String> accounts, String intent, Map<String, String> altById)
      throws IOException, InterruptedException {
    ObjectNode post = JSON.createObjectNode();
    post.put("text", text);
    post.putPOJO("accounts", accounts);
    post.put("topic", "readers-advisory");
    post.put("intent", intent);
    ArrayNode images = post.putArray("images");
    altById.forEach((id, alt) -> images.addObject().put("id", id).put("alt", alt));
    return send("POST", "posts", post, 201).get("id").asText();
  }

  /** Stages an image for a post, as the compose page's upload does; answers its id. */
  String upload(byte[] png) throws IOException, InterruptedException {
    String boundary = "----browser-test-" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.png\""
                + "\r\nContent-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(png);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(base.resolve(API + "images"))
                .header("X-CSRF-Token", csrf)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST images: " + response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).get("id").asText();
  }

  /** A post from draft to waiting for a moderator; answers its id. */
  String submitted(String text, List<String> accounts) throws IOException, InterruptedException {
    String id = draft(text, accounts, "engagement");
    act(id, "submit", 1, null);
    return id;
  }

  JsonNode act(String id, String action, int version, String note)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("version", version);
    if (note != null) {
      body.put("note", note);
    }
    return send("POST", "posts/" + id + "/" + action, body, 200);
  }

  JsonNode post(String id) throws IOException, InterruptedException {
    return send("GET", "posts/" + id, null, 200);
  }

  void pausePublishing(boolean paused) throws IOException, InterruptedException {
    send("POST", "publishing/pause", JSON.createObjectNode().put("paused", paused), 200);
  }

  /**
   * A customer's message arriving now on a demo sandbox platform (admins only): a mention on
   * Mastodon, Bluesky and X, a comment on Facebook and Instagram. Answers the text as sent.
   */
  String customerWrites(String platform, String name, String text)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("platform", platform).put("text", text);
    body.put("name", name);
    return send("POST", "demo/customer-messages", body, 201).get("text").asText();
  }

  /** Any JSON the API gives this user, by its path under {@code api/}. */
  JsonNode get(String path) throws IOException, InterruptedException {
    return send("GET", path, null, 200);
  }

  private JsonNode send(String method, String path, JsonNode body, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(API + path)).header("X-CSRF-Token", csrf);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(expected);
    return JSON.readTree(response.body());
  }
}
