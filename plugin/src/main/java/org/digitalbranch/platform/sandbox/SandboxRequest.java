package org.digitalbranch.platform.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request to a sandbox platform, as plain values: the platforms' handlers never see WireMock.
 * Parameters merge the query string, a form body and multipart text fields, as the platforms
 * themselves accept them in either place.
 */
public record SandboxRequest(
    String method,
    String path,
    Map<String, List<String>> parameters,
    Map<String, String> headers,
    byte[] body,
    Map<String, byte[]> files) {

  public SandboxRequest {
    method = method.toUpperCase(Locale.ROOT);
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
    headers = Map.copyOf(lower);
    parameters = Map.copyOf(parameters);
    files = Map.copyOf(files);
  }

  /** A request from a method, a path with its query string, headers and a body. */
  public static SandboxRequest of(
      String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (question >= 0) {
      addEncoded(parameters, pathAndQuery.substring(question + 1));
    }
    String contentType = "";
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase("content-type")) {
        contentType = header.getValue().toLowerCase(Locale.ROOT);
      }
    }
    if (contentType.startsWith("application/x-www-form-urlencoded") && body != null) {
      addEncoded(parameters, new String(body, StandardCharsets.UTF_8));
    }
    return new SandboxRequest(
        method, path, parameters, headers, body == null ? new byte[0] : body, Map.of());
  }

  /**
   * The request Graph's field expansion implies for an edge nested in this one's fields ({@code
   * replies{id,text}} on a comment): a GET of {@code path} with the nested fields and this
   * request's token, so that its paging links are those of the edge read on its own.
   */
  SandboxRequest nested(String path, String fields) {
    Map<String, List<String>> kept = new LinkedHashMap<>();
    List<String> token = parameters.get("access_token");
    if (token != null) {
      kept.put("access_token", token);
    }
    kept.put("fields", List.of(fields));
    return new SandboxRequest("GET", path, kept, headers, new byte[0], Map.of());
  }

  SandboxRequest withMultipart(Map<String, List<String>> fields, Map<String, byte[]> newFiles) {
    Map<String, List<String>> merged = new LinkedHashMap<>(parameters);
    fields.forEach(
        (name, values) ->
            merged.merge(
                name,
                values,
                (a, b) -> {
                  List<String> all = new ArrayList<>(a);
                  all.addAll(b);
                  return all;
                }));
    return new SandboxRequest(method, path, merged, headers, body, newFiles);
  }

  private static void addEncoded(Map<String, List<String>> into, String encoded) {
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      into.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }

  /** The first value of a parameter, or null. */
  public String parameter(String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public List<String> parameters(String name) {
    return parameters.getOrDefault(name, List.of());
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The bearer token from {@code Authorization}, or null. */
  public String bearer() {
    String authorization = header("authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public boolean isJson() {
    String contentType = header("content-type");
    return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
  }

  /** The body as JSON, or an empty object when it is absent or not JSON. */
  public JsonNode json() {
    return Json.parseOrEmpty(body);
  }

  /** A field from a JSON body, falling back to a form or query parameter of the same name. */
  public String field(String name) {
    if (isJson()) {
      JsonNode value = json().get(name);
      if (value != null && !value.isNull()) {
        return value.isValueNode() ? value.asText() : value.toString();
      }
    }
    return parameter(name);
  }
}
