package org.digitalbranch.web;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.digitalbranch.descriptor.spi.Chrome;
import org.digitalbranch.descriptor.spi.HostSession;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.queue.Actor;

/** One request as a handler sees it: path parameters, the user, JSON in and out, pages out. */
public final class Exchange {

  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final Map<String, String> parameters;
  private final WebKit kit;

  Exchange(
      HttpServletRequest request,
      HttpServletResponse response,
      Map<String, String> parameters,
      WebKit kit) {
    this.request = request;
    this.response = response;
    this.parameters = Map.copyOf(parameters);
    this.kit = kit;
  }

  public HttpServletRequest request() {
    return request;
  }

  public HttpServletResponse response() {
    return response;
  }

  /** The value of a {@code {name}} segment of the route. */
  public String pathParameter(String name) {
    String value = parameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the route has no parameter " + name);
    }
    return value;
  }

  /** The signed-in user, as {@link PluginFilter} identified them. */
  /** A colleague's name as pages show it ("Morgan Moderator"); the sign-in name if never seen. */
  String shownName(String userName) {
    return kit.people().shown(userName);
  }

  public IntranetUser user() {
    if (request.getAttribute(PluginFilter.USER_ATTRIBUTE) instanceof IntranetUser user) {
      return user;
    }
    throw new HttpProblem.Unauthorized();
  }

  /** The signed-in user as the queue sees them: their name and the plugin roles they hold. */
  public Actor actor() {
    IntranetUser user = user();
    return new Actor(user.name(), user.roles());
  }

  /** The session's CSRF token, which pages put into forms and scripts send back. */
  public String csrfToken() {
    var session = request.getSession(false);
    return session == null ? null : (String) session.getAttribute(HostSession.CSRF_TOKEN);
  }

  /** The request body as {@code type}; 400 naming the field when it does not fit. */
  public <T> T body(Class<T> type) throws IOException {
    return kit.json().read(request.getInputStream(), type);
  }

  /** The request body as a JSON tree, with the same checks and 400s as {@link #body}. */
  public JsonNode jsonTree() throws IOException {
    String type = request.getContentType();
    if (type != null) {
      String lower = type.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/")) {
        // The container has read a form's body as parameters already; "the body is empty" would
        // send the person looking in the wrong place.
        throw new HttpProblem.UnsupportedMediaType(
            "This request takes JSON, sent with Content-Type: application/json, not a form.");
      }
    }
    return kit.json().readTree(request.getInputStream());
  }

  /**
   * The request body as a JSON object with no field outside {@code known}; 400 naming every other
   * one. A misspelt field ({@code inReplyto}) must not be dropped quietly: the request would do
   * something else than was meant.
   */
  public JsonNode jsonObject(Set<String> known) throws IOException {
    JsonNode body = jsonTree();
    if (body == null || !body.isObject()) {
      throw new HttpProblem.BadRequest(
          known.isEmpty()
              ? "the request body must be an empty JSON object, {}."
              : "the request body must be a JSON object with " + expected(known) + ".");
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        unknown.add(name);
      }
    }
    refuse(unknown, "field", known);
    return body;
  }

  /**
   * 400 naming every query parameter outside {@code known}: a misspelt filter ({@code platfrom=x})
   * would otherwise widen what is listed or exported without a word.
   */
  public void refuseUnknownParameters(Set<String> known) {
    List<String> unknown = new ArrayList<>();
    for (String name : request.getParameterMap().keySet()) {
      if (!known.contains(name)) {
        unknown.add(name);
      }
    }
    refuse(unknown, "parameter", known);
  }

  /** One 400 naming every unknown name at once (the first as the problem's field). */
  static void refuse(List<String> unknown, String what, Set<String> known) {
    if (unknown.isEmpty()) {
      return;
    }
    throw new HttpProblem.BadRequest(
        unknown.getFirst(),
        String.join(", ", unknown)
            + ": unknown "
            + what
            + (unknown.size() == 1 ? "" : "s")
            + (known.isEmpty()
                ? "; this request takes none."
                : "; expected " + expected(known) + "."));
  }

  private static String expected(Set<String> known) {
    return String.join(", ", new java.util.TreeSet<>(known));
  }

  public void json(int status, Object body) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    kit.json().write(response.getOutputStream(), body);
  }

  /** Renders the plugin's {@code <template>.mustache} (Templates) inside the intranet's chrome. */
  public void page(String title, String template, Object scope) throws IOException {
    String body = kit.templates().render(template, scope);
    html(200, kit.chromed(request, title, body));
  }

  /**
   * As {@link #page(String, String, Object)}, with the page's own scripts and stylesheets, given
   * relative to the plugin's static folder ({@code "archive.js", "archive.css"}). Pages work
   * without their scripts; scripts only improve them.
   */
  public void page(String title, String template, Object scope, List<String> assets)
      throws IOException {
    page(200, title, template, scope, assets);
  }

  /**
   * Renders a page with a status other than 200 (a form with errors) and the page's own scripts
   * (and stylesheets), given relative to the plugin's static folder ({@code compose.js}).
   */
  public void page(int status, String title, String template, Object scope, List<String> scripts)
      throws IOException {
    String body = kit.templates().render(template, scope);
    List<String> urls = scripts.stream().map(this::staticUrl).toList();
    html(status, kit.chromed(request, title, body, urls));
  }

  /** The URL of a path below the plugin's mount, for links and redirects ({@code queue}). */
  public String url(String pathBelowMount) {
    return request.getContextPath() + kit.mount() + "/" + pathBelowMount;
  }

  private String staticUrl(String file) {
    return url("static/" + file);
  }

  /** 303 See Other: after a form post, the browser fetches {@code pathBelowMount} with GET. */
  public void seeOther(String pathBelowMount) {
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", url(pathBelowMount));
  }

  void html(int status, String document) throws IOException {
    response.setStatus(status);
    response.setContentType("text/html");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    // Pages carry the session's CSRF token and private drafts: no cache keeps them.
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(document);
  }

  /** The things every exchange shares: built once by the plugin. */
  record WebKit(Json json, Templates templates, Chrome chrome, String mount, PeopleNames people) {
    String chromed(HttpServletRequest request, String title, String bodyHtml) {
      return chromed(request, title, bodyHtml, List.of());
    }

    String chromed(
        HttpServletRequest request, String title, String bodyHtml, List<String> scripts) {
      String stylesheet = request.getContextPath() + mount + "/static/digital-branch.css";
      List<String> stylesheets = new ArrayList<>(List.of(stylesheet));
      List<String> scriptsOnly = new ArrayList<>();
      for (String url : scripts) {
        // A page's own stylesheet (archive.css) travels with its scripts; the chrome links it.
        (url.endsWith(".css") ? stylesheets : scriptsOnly).add(url);
      }
      return chrome.render(request, new Chrome.Page(title, bodyHtml, stylesheets, scriptsOnly));
    }
  }
}
