package org.digitalbranch.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** A platform's answer: status, headers and the whole body. */
public record HttpReply(int status, HttpHeaders headers, byte[] body) {

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /**
   * The body as JSON, for a success answer. An unreadable body means the answer was lost: for a
   * request that created the post the outcome is unknown, before it the attempt is transient.
   */
  public JsonNode json(Stage stage, String platformName) throws PlatformFailure {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new IOException("empty body");
      }
      return node;
    } catch (IOException e) {
      String reason =
          platformName + " answered " + status + " but its answer could not be read (broken JSON)";
      throw new PlatformFailure(
          stage == Stage.PUBLISH
              ? new PublishOutcome.Unknown(reason + "; the post may be live", false)
              : new PublishOutcome.Transient(reason));
    }
  }

  /**
   * The body as JSON for reading an error; a missing node when it is not JSON. Its texts come with
   * anything shaped like a credential masked ({@link #withoutCredentials}): error texts reach the
   * accounts page, the post page and the log, and a platform (or something posing as one) that
   * echoes the request would otherwise put the account's tokens there.
   */
  public JsonNode errorJson() {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      return node == null ? MissingNode.getInstance() : masked(node);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  /**
   * A credential's value: after a name ending in token, secret, password, jwt, api_key or client_id
   * in a form ({@code refresh_token=...}) or JSON ({@code "accessJwt": "..."}), after {@code
   * Bearer} or {@code Basic} when what follows looks like a credential (16 or more base64
   * characters: "Basic Display API" is a product's name), or a JWT anywhere. An unquoted {@code
   * password: ...} is left: that is how validation messages read ("password: must be at least 8
   * characters"). Possessive quantifiers and a look-behind keep it linear on long hostile text.
   */
  private static final java.util.regex.Pattern CREDENTIAL =
      java.util.regex.Pattern.compile(
          "(\\b(?i:[a-z_]*(?:token|secret|password|jwt|api_key|client_id))\\s*+=\\s*+)"
              + "[^&\\s\"',;)}]++"
              + "|(\"(?i:[a-z_]*(?:token|secret|password|jwt|api_key|client_id))\"\\s*+:\\s*+\")"
              + "(?:[^\"\\\\]|\\\\.)*+"
              + "|(\\b(?:Bearer|Basic)\\s++)(?=[A-Za-z0-9._~+/=-]{16})[A-Za-z0-9._~+/=-]++"
              + "|(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]++\\.[A-Za-z0-9_-]*+");

  /** Longer error texts are cut: no platform explains itself in more, and masking stays quick. */
  static final int LONGEST_ERROR_TEXT = 4_000;

  static String withoutCredentials(String text) {
    String cut =
        text.length() > LONGEST_ERROR_TEXT ? text.substring(0, LONGEST_ERROR_TEXT) + "…" : text;
    return CREDENTIAL
        .matcher(cut)
        .replaceAll(
            m -> {
              String kept =
                  m.group(1) != null
                      ? m.group(1)
                      : m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : "";
              return java.util.regex.Matcher.quoteReplacement(kept + "***");
            });
  }

  private static JsonNode masked(JsonNode node) {
    if (node.isTextual()) {
      String text = node.textValue();
      String clean = withoutCredentials(text);
      return clean.equals(text)
          ? node
          : com.fasterxml.jackson.databind.node.TextNode.valueOf(clean);
    }
    if (node.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode object =
          (com.fasterxml.jackson.databind.node.ObjectNode) node;
      java.util.List<String> names = new java.util.ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        object.set(name, masked(object.get(name)));
      }
    } else if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode array =
          (com.fasterxml.jackson.databind.node.ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, masked(array.get(i)));
      }
    }
    return node;
  }
}
