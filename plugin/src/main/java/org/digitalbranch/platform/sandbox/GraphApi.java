package org.digitalbranch.platform.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * What Facebook Pages and Instagram share as Graph API: the optional version prefix, the token in
 * {@code access_token} or a bearer header, the error envelope and cursor paging.
 */
abstract class GraphApi extends SandboxApi {
  static final DateTimeFormatter GRAPH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);

  private final String token;

  GraphApi(SandboxPlatform platform, String token) {
    super(platform, new ItemStore(Long::toString));
    this.token = token;
  }

  /** Handles a Graph call once the token is accepted; {@code parts} exclude the version. */
  abstract SandboxResponse graph(SandboxRequest request, String[] parts);

  /** The sandbox's web pages for permalinks, under {@code /web/}. */
  abstract SandboxResponse web(String[] parts);

  /** The Graph API answers at the root, so {@code <root>/<id>} links go to the pages under /web. */
  @Override
  String webBaseUrl() {
    return baseUrl + "/web";
  }

  @Override
  SandboxResponse handle(SandboxRequest request) {
    String path = request.path();
    if (path.startsWith("/web/")) {
      return web(path.substring(1).split("/"));
    }
    String trimmed = path.replaceFirst("^/v\\d+(\\.\\d+)?(?=/|$)", "");
    String[] parts =
        trimmed.isEmpty() || trimmed.equals("/") ? new String[0] : trimmed.substring(1).split("/");
    String presented =
        request.parameter("access_token") != null
            ? request.parameter("access_token")
            : request.bearer();
    switch (authenticate(presented, token.equals(presented))) {
      case WRONG:
        return error(
            400,
            "Invalid OAuth access token - Cannot parse access token",
            "OAuthException",
            190,
            null,
            false);
      case EXPIRED:
        return error(
            400,
            "Error validating access token: Session has expired on "
                + GRAPH_TIME.format(Instant.now().minusSeconds(60))
                + ".",
            "OAuthException",
            190,
            463,
            false);
      case REVOKED:
        return error(
            400,
            "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
            "OAuthException",
            190,
            460,
            false);
      default:
        break;
    }
    if (parts.length == 0) {
      return missing("");
    }
    return graph(request, parts);
  }

  static SandboxResponse error(
      int status, String message, String type, int code, Integer subcode, boolean transientError) {
    Map<String, Object> error = Json.object("message", message, "type", type, "code", code);
    if (subcode != null) {
      error.put("error_subcode", subcode);
    }
    if (transientError) {
      error.put("is_transient", true);
    }
    error.put("fbtrace_id", "A" + UUID.randomUUID().toString().replace("-", "").substring(0, 22));
    return SandboxResponse.json(status, Json.object("error", error));
  }

  static SandboxResponse missing(String id) {
    return error(
        400,
        "Unsupported get request. Object with ID '"
            + id
            + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        "GraphMethodException",
        100,
        33,
        false);
  }

  static SandboxResponse success() {
    return SandboxResponse.json(200, Json.object("success", true));
  }

  /** The item an id names: the part after the last underscore is the sandbox key. */
  Item find(String id) {
    Item item = store.get(id.substring(id.lastIndexOf('_') + 1));
    return item == null || item.deleted ? null : item;
  }

  /**
   * One page of {@code items} (already in the order asked for) after or before a cursor, in the
   * Graph shape; {@code next} is absent on the last page, as the docs say.
   */
  SandboxResponse page(SandboxRequest request, List<Item> items, Function<Item, Object> render) {
    return SandboxResponse.json(200, pageBody(request, items, render));
  }

  /** The body of {@link #page}, for an edge nested in another object by field expansion. */
  Map<String, Object> pageBody(
      SandboxRequest request, List<Item> items, Function<Item, Object> render) {
    int limit = MastodonApi.clamp(request.parameter("limit"), 25, 100);
    int start = 0;
    String after = request.parameter("after");
    String before = request.parameter("before");
    if (after != null) {
      start = indexOf(items, after) + 1;
    } else if (before != null) {
      start = Math.max(0, indexOf(items, before) - limit);
    }
    int end = Math.min(items.size(), start + limit);
    List<Object> data = new ArrayList<>();
    for (Item item : items.subList(start, Math.max(start, end))) {
      data.add(render.apply(item));
    }
    Map<String, Object> body = Json.object("data", data);
    if (!data.isEmpty()) {
      String first = cursor(items.get(start));
      String last = cursor(items.get(end - 1));
      Map<String, Object> paging =
          Json.object("cursors", Json.object("before", first, "after", last));
      String self = baseUrl + request.path() + "?" + keptParameters(request) + "limit=" + limit;
      if (start > 0) {
        paging.put("previous", self + "&before=" + first);
      }
      if (end < items.size()) {
        paging.put("next", self + "&after=" + last);
      }
      body.put("paging", paging);
    }
    return body;
  }

  private static String keptParameters(SandboxRequest request) {
    StringBuilder kept = new StringBuilder();
    for (String name :
        List.of("access_token", "fields", "filter", "order", "platform", "user_id", "folder")) {
      String value = request.parameter(name);
      if (value != null) {
        kept.append(name)
            .append('=')
            .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8))
            .append('&');
      }
    }
    return kept.toString();
  }

  static String cursor(Item item) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Long.toString(item.key).getBytes(StandardCharsets.UTF_8));
  }

  private static int indexOf(List<Item> items, String cursor) {
    long key;
    try {
      key =
          Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException malformed) {
      return items.size();
    }
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).key == key) {
        return i;
      }
    }
    // The cursor's item is gone: Graph cursors stop working once their item is deleted.
    return items.size();
  }

  /**
   * A parameter whose value is a JSON object: a member of a JSON body, or a form or query value
   * holding JSON text ({@code recipient={"id":"..."}}), as Graph accepts both.
   */
  /**
   * A Send API request as Messenger's and Instagram's alike read it: the person, the text and
   * whether it carries the {@code HUMAN_AGENT} tag (the only tag either sandbox takes); or, in
   * {@code refusal}, Graph's answer to a malformed one, whose wordings Meta does not publish.
   */
  record Send(String recipient, String text, boolean humanAgent, SandboxResponse refusal) {
    static Send refused(SandboxResponse refusal) {
      return new Send(null, null, false, refusal);
    }
  }

  static Send sendRequest(SandboxRequest request) {
    String recipient = objectParameter(request, "recipient").path("id").asText("");
    JsonNode text = objectParameter(request, "message").path("text");
    String type = request.field("messaging_type");
    type = type == null ? "RESPONSE" : type.toUpperCase(Locale.ROOT);
    String tag = request.field("tag");
    if (recipient.isBlank()) {
      return Send.refused(invalidParameter("(#100) The parameter recipient is required"));
    }
    if (!List.of("RESPONSE", "UPDATE", "MESSAGE_TAG").contains(type)) {
      return Send.refused(
          invalidParameter(
              "(#100) param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG} - got \""
                  + type
                  + "\""));
    }
    boolean humanAgent = type.equals("MESSAGE_TAG");
    if (humanAgent && !"HUMAN_AGENT".equalsIgnoreCase(tag)) {
      return Send.refused(
          invalidParameter("(#100) param tag must be one of {HUMAN_AGENT} - got \"" + tag + "\""));
    }
    if (!text.isValueNode() || text.asText().isBlank()) {
      return Send.refused(invalidParameter("(#100) The parameter message[text] is required"));
    }
    return new Send(recipient, text.asText(), humanAgent, null);
  }

  static SandboxResponse invalidParameter(String message) {
    return error(400, message, "OAuthException", 100, null, false);
  }

  static JsonNode objectParameter(SandboxRequest request, String name) {
    String value = request.field(name);
    return value == null
        ? Json.MAPPER.missingNode()
        : Json.parseOrEmpty(value.getBytes(StandardCharsets.UTF_8));
  }

  static boolean asked(SandboxRequest request, String field) {
    return fields(request.parameter("fields")).containsKey(field);
  }

  /**
   * The fields a {@code fields} parameter names at its top level, each with the field list nested
   * in its braces ({@code replies{id,text}}: field expansion), or "" when it has none. A modifier
   * ({@code replies.limit(5){id}}) is dropped with its name's suffix.
   */
  static Map<String, String> fields(String spec) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    if (spec == null) {
      return fields;
    }
    int depth = 0;
    int start = 0;
    int open = -1;
    for (int i = 0; i <= spec.length(); i++) {
      char c = i == spec.length() ? ',' : spec.charAt(i);
      if (c == '{' && depth++ == 0) {
        open = i;
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (c == ',' && depth == 0) {
        String field = spec.substring(start, i);
        String nested = "";
        if (open > start) {
          nested =
              field.substring(
                  open - start + 1,
                  field.lastIndexOf('}') < 0 ? field.length() : field.lastIndexOf('}'));
          field = field.substring(0, open - start);
        }
        int modifier = field.indexOf('.');
        field = (modifier < 0 ? field : field.substring(0, modifier)).strip();
        if (!field.isEmpty()) {
          fields.put(field, nested);
        }
        start = i + 1;
        open = -1;
      }
    }
    return fields;
  }

  static String time(Instant at) {
    return GRAPH_TIME.format(at);
  }

  @Override
  SandboxResponse rateLimited() {
    return error(400, "(#4) Application request limit reached", "OAuthException", 4, 2446079, true)
        .withHeader("X-App-Usage", "{\"call_count\":100,\"total_cputime\":12,\"total_time\":14}")
        .withHeader(
            "X-Business-Use-Case-Usage",
            "{\""
                + ownerId()
                + "\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":10,\"total_time\":12,\"estimated_time_to_regain_access\":1}]}");
  }

  @Override
  SandboxResponse serverError() {
    return error(503, "(#2) Service temporarily unavailable", "OAuthException", 2, null, true);
  }

  /** The Page or Instagram account the token belongs to. */
  abstract String ownerId();
}
