package org.digitalbranch.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a method and a path relative to a servlet (for example {@code posts/42/approve}) to a
 * handler, by patterns such as {@code posts/{id}/{action}}. An unknown path is a 404; a known path
 * with another method is a 405 listing the methods it has. A path that a pattern spells out (
 * {@code posts/preview}) is that pattern's alone, whatever another's placeholders would take.
 */
public final class Router {

  /** A matched route: its handler and the values of its {@code {placeholders}}. */
  public record Match(Handler handler, Map<String, String> parameters) {}

  private record Route(String[] segments, Map<String, Handler> byMethod) {}

  private final List<Route> routes = new ArrayList<>();

  public Router get(String pattern, Handler handler) {
    return add("GET", pattern, handler);
  }

  public Router post(String pattern, Handler handler) {
    return add("POST", pattern, handler);
  }

  public Router put(String pattern, Handler handler) {
    return add("PUT", pattern, handler);
  }

  public Router delete(String pattern, Handler handler) {
    return add("DELETE", pattern, handler);
  }

  /**
   * @param pattern segments separated by {@code /}, each literal or {@code {name}}; {@code ""} is
   *     the servlet's root
   */
  public Router add(String method, String pattern, Handler handler) {
    String[] segments = split(pattern);
    Route route =
        routes.stream()
            .filter(r -> String.join("/", r.segments()).equals(String.join("/", segments)))
            .findFirst()
            .orElseGet(
                () -> {
                  Route created = new Route(segments, new LinkedHashMap<>());
                  routes.add(created);
                  return created;
                });
    if (route.byMethod().putIfAbsent(method, handler) != null) {
      throw new IllegalArgumentException("two handlers for " + method + " " + pattern);
    }
    return this;
  }

  /**
   * Every route as {@code "METHOD pattern"} (for example {@code "POST posts/{id}/{action}"}), in
   * the order they were added (a spelt-out segment wins over a placeholder whatever the order): the
   * inventory the authorisation tests check against their table.
   */
  public List<String> routes() {
    List<String> listed = new ArrayList<>();
    for (Route route : routes) {
      for (String method : route.byMethod().keySet()) {
        listed.add(method + " " + String.join("/", route.segments()));
      }
    }
    return List.copyOf(listed);
  }

  /**
   * @param path relative to the servlet, without a leading slash
   * @throws HttpProblem.NotFound when no pattern matches
   * @throws HttpProblem.MethodNotAllowed when a pattern matches but not for this method
   */
  public Match match(String method, String path) {
    String[] given = split(path);
    List<Route> bound = new ArrayList<>();
    List<Map<String, String>> boundParameters = new ArrayList<>();
    for (Route route : routes) {
      Map<String, String> parameters = bind(route.segments(), given);
      if (parameters != null) {
        bound.add(route);
        boundParameters.add(parameters);
      }
    }
    Set<String> allowed = new LinkedHashSet<>();
    for (int i = 0; i < bound.size(); i++) {
      Route route = bound.get(i);
      Map<String, String> parameters = boundParameters.get(i);
      // A path a route spells out is that route's: GET posts/preview is a 405 of POST
      // posts/preview, not a post with the id "preview".
      if (bound.stream().anyMatch(other -> moreSpecific(other.segments(), route.segments()))) {
        continue;
      }
      Handler handler = route.byMethod().get(method);
      if (handler == null && method.equals("HEAD")) {
        handler = route.byMethod().get("GET");
      }
      if (handler != null) {
        return new Match(handler, parameters);
      }
      allowed.addAll(route.byMethod().keySet());
    }
    if (!allowed.isEmpty()) {
      if (allowed.contains("GET")) {
        allowed.add("HEAD");
      }
      throw new HttpProblem.MethodNotAllowed(method, allowed);
    }
    throw new HttpProblem.NotFound("Nothing here: check the address.");
  }

  /**
   * Whether {@code one} spells out every segment {@code other} spells out, and more: both bound the
   * same path, so they differ only where one has a placeholder and the other a literal.
   */
  private static boolean moreSpecific(String[] one, String[] other) {
    boolean more = false;
    for (int i = 0; i < one.length; i++) {
      boolean oneLiteral = !isPlaceholder(one[i]);
      boolean otherLiteral = !isPlaceholder(other[i]);
      if (otherLiteral && !oneLiteral) {
        return false;
      }
      more |= oneLiteral && !otherLiteral;
    }
    return more;
  }

  private static boolean isPlaceholder(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }

  private static Map<String, String> bind(String[] pattern, String[] given) {
    if (pattern.length != given.length) {
      return null;
    }
    Map<String, String> parameters = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String segment = pattern[i];
      if (isPlaceholder(segment)) {
        if (given[i].isEmpty()) {
          return null;
        }
        parameters.put(segment.substring(1, segment.length() - 1), given[i]);
      } else if (!segment.equals(given[i])) {
        return null;
      }
    }
    return parameters;
  }

  private static String[] split(String path) {
    return path.isEmpty() ? new String[0] : path.split("/", -1);
  }
}
