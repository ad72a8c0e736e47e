package org.digitalbranch.platform.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a sandbox platform answers: status, headers, body and how long to hold it back. */
public record SandboxResponse(
    int status, Map<String, String> headers, String body, Duration delay) {

  public static SandboxResponse json(int status, Object value) {
    return new SandboxResponse(
        status,
        Map.of("Content-Type", "application/json; charset=utf-8"),
        Json.write(value),
        Duration.ZERO);
  }

  public static SandboxResponse problem(int status, Object value) {
    return new SandboxResponse(
        status,
        Map.of("Content-Type", "application/problem+json"),
        Json.write(value),
        Duration.ZERO);
  }

  public static SandboxResponse html(int status, String html) {
    return new SandboxResponse(
        status, Map.of("Content-Type", "text/html; charset=utf-8"), html, Duration.ZERO);
  }

  public SandboxResponse withHeader(String name, String value) {
    Map<String, String> next = new LinkedHashMap<>(headers);
    next.put(name, value);
    return new SandboxResponse(status, next, body, delay);
  }

  public SandboxResponse withDelay(Duration newDelay) {
    return new SandboxResponse(status, headers, body, newDelay);
  }
}
