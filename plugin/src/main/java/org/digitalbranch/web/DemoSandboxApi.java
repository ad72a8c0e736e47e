package org.digitalbranch.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.digitalbranch.platform.sandbox.PublishedPost;
import org.digitalbranch.platform.sandbox.Sandbox;
import org.digitalbranch.platform.sandbox.SandboxPlatform;

/**
 * {@code POST api/demo/customer-messages}: makes a customer's message arrive on one of the demo's
 * sandbox platforms, with the words given, so a person trying the demo (or a browser test) can
 * follow one known message into the inbox and answer it. The ingestion picks it up on its next
 * poll, as it would a real one.
 *
 * <p>Only routed while the demo's sandbox runs (never with real accounts), only for admins, and
 * only from the machine itself: it changes what a platform shows, which nothing but the demo may
 * do.
 */
final class DemoSandboxApi {

  static final int MAX_TEXT = 2_000;

  private final Sandbox sandbox;

  DemoSandboxApi(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  Router routes(Router api) {
    return api.post("demo/customer-messages", this::customerWrites);
  }

  void customerWrites(Exchange exchange) throws IOException {
    if (!exchange.actor().isAdmin()) {
      throw new HttpProblem.Forbidden("Making customers' messages arrive is for admins.");
    }
    if (!fromThisMachine(exchange.request().getRemoteAddr())) {
      throw new HttpProblem.Forbidden(
          "Customers' messages can be made to arrive only from the demo's own machine.");
    }
    JsonNode body = exchange.jsonObject(Set.of("platform", "text", "name", "kind"));
    SandboxPlatform platform;
    try {
      platform = SandboxPlatform.fromId(text(body, "platform", 20));
    } catch (IllegalArgumentException unknown) {
      throw new HttpProblem.BadRequest(
          "platform", "platform: one of facebook, instagram, mastodon, bluesky, x");
    }
    // A private message to the Page, for trying Messenger's answers, a direct message to the
    // Instagram account, or a chat with the library on Bluesky; the other kinds come as each
    // platform's public message.
    boolean direct =
        body.hasNonNull("kind") && "direct_message".equals(text(body, "kind", 20).strip());
    boolean privately =
        platform == SandboxPlatform.FACEBOOK
            || platform == SandboxPlatform.INSTAGRAM
            || platform == SandboxPlatform.BLUESKY;
    if (body.hasNonNull("kind") && (!direct || !privately)) {
      throw new HttpProblem.BadRequest(
          "kind",
          "kind: leave it out, or direct_message with platform facebook (a private message to"
              + " the Page), instagram (a direct message to the account) or bluesky (a chat with"
              + " the library)");
    }
    String name = body.hasNonNull("name") ? text(body, "name", 100) : "Rosa Delgado";
    String words = text(body, "text", MAX_TEXT);
    PublishedPost added;
    if (!direct) {
      added = sandbox.customerWrites(platform, name, words);
    } else if (platform == SandboxPlatform.FACEBOOK) {
      added = sandbox.customerMessagesThePage(name, words);
    } else if (platform == SandboxPlatform.INSTAGRAM) {
      added = sandbox.customerMessagesOnInstagram(name, words);
    } else {
      added = sandbox.customerChatsOnBluesky(name, words);
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("platform", platform.id());
    view.put("kind", direct ? "direct_message" : null);
    view.put("id", added.id());
    view.put("url", added.url());
    view.put("text", added.text());
    exchange.json(201, view);
  }

  private static String text(JsonNode body, String field, int most) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new HttpProblem.BadRequest(field, field + ": give it as text");
    }
    if (value.asText().length() > most) {
      throw new HttpProblem.BadRequest(field, field + ": at most " + most + " characters");
    }
    return value.asText();
  }

  private static boolean fromThisMachine(String address) {
    try {
      return address != null && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException notAnAddress) {
      return false;
    }
  }
}
