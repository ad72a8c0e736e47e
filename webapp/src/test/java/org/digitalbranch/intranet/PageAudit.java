package org.digitalbranch.intranet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser loads for one page with an empty cache: the page itself and every asset it
 * references (scripts, stylesheets, icons, images, frames, and what the stylesheets pull in), with
 * their bytes as sent, and every reference that would make the browser ask another origin. Links a
 * person follows ({@code <a href>}) are navigations, not loads, and are not weighed; form actions
 * are not loaded either, but must stay on the intranet (the CSP's {@code form-action 'self'}).
 *
 * <p>The HTML is read with patterns rather than a parser: the pages come from our own templates,
 * whose tags and quoting are regular, and any customer text in them is escaped, so a {@code <}
 * inside it never opens a tag.
 */
final class PageAudit {

  /** Issue 6: every page, with its assets, under 60 KB. */
  static final long BUDGET_BYTES = 60 * 1024;

  private static final Pattern TAG =
      Pattern.compile(
          "<(script|link|img|iframe|frame|source|video|audio|embed|object|track|input|form|base)"
              + "\\b([^>]*)>",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE =
      Pattern.compile(
          "\\s([a-zA-Z:-]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))", Pattern.DOTALL);
  private static final Pattern INLINE_SCRIPT =
      Pattern.compile(
          "<script\\b([^>]*)>(.*?)</script>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern STYLE_BLOCK =
      Pattern.compile("<style\\b[^>]*>(.*?)</style>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern STYLE_ATTRIBUTE =
      Pattern.compile("\\sstyle\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE);
  private static final Pattern CSS_URL =
      Pattern.compile("url\\(\\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\\s]*))\\s*\\)");
  private static final Pattern CSS_IMPORT =
      Pattern.compile("@import\\s+(?:\"([^\"]*)\"|'([^']*)')");
  private static final Pattern ABSOLUTE_URL = Pattern.compile("https?://[^\\s\"'`)<>]+");
  private static final Pattern ENTITY =
      Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|quot|lt|gt);");

  /** Link relations that make a browser fetch the target on its own. */
  private static final Set<String> LOADING_RELATIONS =
      Set.of(
          "stylesheet",
          "icon",
          "shortcut",
          "apple-touch-icon",
          "preload",
          "modulepreload",
          "prefetch",
          "manifest",
          "mask-icon");

  /** CSP sources that keep a directive on the intranet itself. */
  private static final Set<String> OWN_SOURCES = Set.of("'self'", "'none'", "data:");

  /**
   * One page as a browser with an empty cache would load it.
   *
   * @param assetBytes each asset fetched, by URL, with its bytes
   * @param foreign each automatic load or form target on another origin, as {@code tag attr=url}
   * @param problems what is broken besides weight and origin: missing assets, a weak or missing
   *     CSP, inline scripts the CSP would block
   * @param scriptMentions absolute URLs written in the page's scripts (not loads in themselves: the
   *     CSP's {@code connect-src} would stop a script reaching another origin)
   */
  record Report(
      String name,
      String path,
      int status,
      long pageBytes,
      Map<String, Long> assetBytes,
      List<String> foreign,
      List<String> problems,
      List<String> scriptMentions) {

    long totalBytes() {
      return pageBytes + assetBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean withinBudget() {
      return totalBytes() < BUDGET_BYTES;
    }

    /** One line for a table: name, page bytes, assets, total, and the verdicts. */
    String line() {
      return String.format(
          Locale.ROOT,
          "  %-22s %3d  page %7s  assets %2d %7s  total %7s  %-11s %s%s",
          name,
          status,
          kb(pageBytes),
          assetBytes.size(),
          kb(totalBytes() - pageBytes),
          kb(totalBytes()),
          withinBudget() ? "under 60 KB" : "OVER 60 KB",
          foreign.isEmpty() ? "no other origin" : "OTHER ORIGINS " + foreign,
          problems.isEmpty() ? "" : "  PROBLEMS " + problems);
    }
  }

  private PageAudit() {}

  static String kb(long bytes) {
    return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
  }

  /**
   * Every main page of the plugin and the host, weighed with its assets, each seen by the role that
   * uses it; of {@code conversations}, the heaviest page is kept.
   */
  static List<Report> mainPages(
      RunningIntranet intranet, Browser staff, String post, List<String> conversations)
      throws Exception {
    Browser anonymous = intranet.browser();
    Browser moderator = intranet.browser();
    moderator.signedInAs("moderator", "moderator");
    Browser admin = intranet.browser();
    admin.signedInAs("admin", "admin");
    List<Report> reports = new ArrayList<>();
    reports.add(of(anonymous, "login", "/login"));
    reports.add(of(staff, "home", "/"));
    reports.add(of(staff, "intranet search", "/search?q=library"));
    reports.add(of(staff, "dashboard", "/digital-branch/"));
    reports.add(of(staff, "queue (staff)", "/digital-branch/queue"));
    reports.add(of(moderator, "queue (moderator)", "/digital-branch/queue"));
    reports.add(of(staff, "compose", "/digital-branch/compose"));
    reports.add(of(staff, "post", "/digital-branch/posts/" + post));
    reports.add(of(staff, "inbox", "/digital-branch/inbox"));
    Report heaviest = null;
    for (String conversation : conversations) {
      Report report = of(staff, "conversation", "/digital-branch/conversations/" + conversation);
      if (heaviest == null || report.totalBytes() > heaviest.totalBytes()) {
        heaviest = report;
      }
    }
    reports.add(heaviest);
    reports.add(of(staff, "archive search", "/digital-branch/archive?q=library"));
    reports.add(of(admin, "accounts (admin)", "/digital-branch/accounts"));
    return reports;
  }

  /** A draft of {@code staff}'s for three accounts, whose post page the audit weighs. */
  static String draftFor(Browser staff) throws Exception {
    String csrf =
        new ObjectMapper()
            .readTree(staff.get("/digital-branch/api/me").body())
            .get("csrfToken")
            .asText();
    HttpResponse<String> created =
        staff.json(
            "POST",
            "/digital-branch/api/posts",
            csrf,
            "{\"text\": \"Which book surprised you this year?\", \"accounts\": [\"mastodon-main\","
                + " \"bluesky-main\", \"x-main\"], \"topic\": \"readers-advisory\", \"intent\":"
                + " \"engagement\"}");
    if (created.statusCode() != 201) {
      throw new IllegalStateException("creating the audit's draft: " + created.body());
    }
    return new ObjectMapper().readTree(created.body()).get("id").asText();
  }

  /**
   * An address in a page that the browser loads by itself ({@code fetched}), or that a form posts
   * to or the base points at (on the intranet too, but not loaded).
   *
   * @param where the tag and attribute, or {@code inline style}
   */
  record Reference(String where, String address, boolean fetched) {
    @Override
    public String toString() {
      return where + "=" + address;
    }
  }

  /** The addresses in {@code html} a browser would load or post to on its own, in page order. */
  static List<Reference> references(String html) {
    List<Reference> found = new ArrayList<>();
    Matcher tag = TAG.matcher(html);
    while (tag.find()) {
      String element = tag.group(1).toLowerCase(Locale.ROOT);
      Map<String, String> attributes = attributes(tag.group(2));
      boolean fetched = !element.equals("form") && !element.equals("base");
      for (String attribute : loadedAttributes(element, attributes)) {
        for (String address : addresses(attribute, attributes.get(attribute))) {
          found.add(new Reference(element + " " + attribute, address, fetched));
        }
      }
    }
    List<String> inlineCss = new ArrayList<>();
    Matcher block = STYLE_BLOCK.matcher(html);
    while (block.find()) {
      inlineCss.add(block.group(1));
    }
    Matcher style = STYLE_ATTRIBUTE.matcher(html);
    while (style.find()) {
      inlineCss.add(decode(style.group(1) != null ? style.group(1) : style.group(2)));
    }
    for (String css : inlineCss) {
      for (String address : cssReferences(css)) {
        found.add(new Reference("inline style", address, true));
      }
    }
    return found;
  }

  /** Fetches {@code path} with {@code browser}'s session and everything the page makes it load. */
  static Report of(Browser browser, String name, String path) throws Exception {
    URI origin = browser.base();
    HttpResponse<byte[]> page = browser.getBytes(path);
    String html = new String(page.body(), StandardCharsets.UTF_8);
    URI pageUri = page.uri();
    Map<String, Long> assets = new LinkedHashMap<>();
    List<String> foreign = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> mentions = new LinkedHashSet<>();

    checkPolicy(page.headers().firstValue("Content-Security-Policy").orElse(null), problems);
    if (page.statusCode() != 200) {
      problems.add("page answered " + page.statusCode());
    }

    for (Reference reference : references(html)) {
      URI target = resolve(pageUri, reference.address());
      if (target == null) {
        problems.add("unreadable address in " + reference);
      } else if (isOtherOrigin(target, origin)) {
        foreign.add(reference.toString());
      } else if (reference.fetched() && isFetched(target)) {
        load(browser, origin, target, assets, foreign, problems, mentions);
      }
    }
    Matcher script = INLINE_SCRIPT.matcher(html);
    while (script.find()) {
      if (!attributes(script.group(1)).containsKey("src") && !script.group(2).isBlank()) {
        problems.add("inline script (the CSP blocks it)");
      }
    }
    return new Report(
        name,
        path,
        page.statusCode(),
        page.body().length,
        assets,
        foreign,
        problems,
        List.copyOf(mentions));
  }

  /** Fetches one same-origin asset once, and what a stylesheet pulls in after it. */
  private static void load(
      Browser browser,
      URI origin,
      URI target,
      Map<String, Long> assets,
      List<String> foreign,
      List<String> problems,
      Set<String> mentions)
      throws Exception {
    String key =
        target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
    if (assets.containsKey(key)) {
      return;
    }
    HttpResponse<byte[]> asset = browser.getBytes(key);
    assets.put(key, (long) asset.body().length);
    if (asset.statusCode() != 200) {
      problems.add(key + " answered " + asset.statusCode());
      return;
    }
    String type = asset.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    String text = new String(asset.body(), StandardCharsets.UTF_8);
    if (type.startsWith("text/css")) {
      for (String reference : cssReferences(text)) {
        URI inner = resolve(target, reference);
        if (inner == null) {
          problems.add("unreadable url(" + reference + ") in " + key);
        } else if (isOtherOrigin(inner, origin)) {
          foreign.add(key + " url(" + reference + ")");
        } else if (isFetched(inner)) {
          load(browser, origin, inner, assets, foreign, problems, mentions);
        }
      }
    } else if (type.contains("javascript")) {
      Matcher url = ABSOLUTE_URL.matcher(text);
      while (url.find()) {
        // XML namespace names (createElementNS) are identifiers, never fetched.
        if (!url.group().startsWith("http://www.w3.org/")) {
          mentions.add(key + ": " + url.group());
        }
      }
    }
  }

  /** The attributes of {@code element} whose URL a browser loads (or, for a form, posts to). */
  private static List<String> loadedAttributes(String element, Map<String, String> attributes) {
    List<String> candidates =
        switch (element) {
          case "script" -> List.of("src");
          case "link" -> {
            String rel = attributes.getOrDefault("rel", "").toLowerCase(Locale.ROOT);
            boolean loads = false;
            for (String relation : rel.split("\\s+")) {
              loads |= LOADING_RELATIONS.contains(relation);
            }
            yield loads ? List.of("href") : List.of();
          }
          case "img", "source" -> List.of("src", "srcset");
          case "iframe", "frame", "embed", "track", "audio" -> List.of("src");
          case "video" -> List.of("src", "poster");
          case "object" -> List.of("data");
          case "input" ->
              "image".equalsIgnoreCase(attributes.get("type")) ? List.of("src") : List.of();
          case "form" -> List.of("action");
          case "base" -> List.of("href");
          default -> List.of();
        };
    return candidates.stream().filter(attributes::containsKey).toList();
  }

  /** The addresses in one attribute: one, or several for {@code srcset}. */
  private static List<String> addresses(String attribute, String value) {
    if (!attribute.equals("srcset")) {
      return List.of(value.strip());
    }
    List<String> urls = new ArrayList<>();
    for (String candidate : value.split(",")) {
      String trimmed = candidate.strip();
      if (!trimmed.isEmpty()) {
        urls.add(trimmed.split("\\s+")[0]);
      }
    }
    return urls;
  }

  private static List<String> cssReferences(String css) {
    List<String> urls = new ArrayList<>();
    for (Pattern pattern : List.of(CSS_URL, CSS_IMPORT)) {
      Matcher matcher = pattern.matcher(css);
      while (matcher.find()) {
        for (int group = 1; group <= matcher.groupCount(); group++) {
          if (matcher.group(group) != null) {
            urls.add(matcher.group(group).strip());
            break;
          }
        }
      }
    }
    return urls;
  }

  private static Map<String, String> attributes(String inside) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Matcher matcher = ATTRIBUTE.matcher(inside);
    while (matcher.find()) {
      String value =
          matcher.group(2) != null
              ? matcher.group(2)
              : matcher.group(3) != null ? matcher.group(3) : matcher.group(4);
      attributes.putIfAbsent(matcher.group(1).toLowerCase(Locale.ROOT), decode(value));
    }
    return attributes;
  }

  /** Undoes the template engine's HTML escaping in an attribute value. */
  static String decode(String value) {
    Matcher entity = ENTITY.matcher(value);
    StringBuilder decoded = new StringBuilder();
    while (entity.find()) {
      String name = entity.group(1);
      String replacement =
          switch (name) {
            case "amp" -> "&";
            case "quot" -> "\"";
            case "lt" -> "<";
            case "gt" -> ">";
            default ->
                Character.toString(
                    name.startsWith("#x")
                        ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1)));
          };
      entity.appendReplacement(decoded, Matcher.quoteReplacement(replacement));
    }
    entity.appendTail(decoded);
    return decoded.toString();
  }

  private static URI resolve(URI base, String reference) {
    try {
      return base.resolve(reference.replace(" ", "%20"));
    } catch (IllegalArgumentException unreadable) {
      return null;
    }
  }

  /** Whether a browser would ask another scheme, host or port than the intranet's own. */
  static boolean isOtherOrigin(URI target, URI origin) {
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("data") || scheme.equals("about") || scheme.equals("javascript")) {
      return false; // no request leaves the page (javascript: is the CSP's business)
    }
    return !scheme.equals(origin.getScheme())
        || !origin.getHost().equalsIgnoreCase(target.getHost())
        || port(target) != port(origin);
  }

  private static boolean isFetched(URI target) {
    String scheme = target.getScheme();
    return scheme != null && (scheme.equals("http") || scheme.equals("https"));
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equals(uri.getScheme()) ? 443 : 80;
  }

  /**
   * The page's CSP must exist, name a default, keep every source list to the intranet itself (data:
   * only where images may use it) and allow no inline or eval'd script.
   */
  private static void checkPolicy(String policy, List<String> problems) {
    if (policy == null) {
      problems.add("no Content-Security-Policy header");
      return;
    }
    Map<String, List<String>> directives = new LinkedHashMap<>();
    for (String directive : policy.split(";")) {
      String[] words = directive.strip().split("\\s+");
      if (words.length > 0 && !words[0].isEmpty()) {
        directives.put(words[0].toLowerCase(Locale.ROOT), List.of(words).subList(1, words.length));
      }
    }
    if (!directives.containsKey("default-src")) {
      problems.add("CSP without default-src");
    }
    for (Map.Entry<String, List<String>> directive : directives.entrySet()) {
      String name = directive.getKey();
      if (!name.endsWith("-src") && !name.equals("form-action") && !name.equals("base-uri")) {
        continue;
      }
      for (String source : directive.getValue()) {
        boolean own =
            OWN_SOURCES.contains(source)
                && (!source.equals("data:") || name.equals("img-src") || name.equals("font-src"));
        if (!own) {
          problems.add("CSP " + name + " allows " + source);
        }
      }
    }
  }
}
