package org.digitalbranch.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * What a page did that a test wants to hear about: dialogs and console calls, Content-Security-
 * Policy violations, and requests to any origin other than the intranet's. The page side is {@code
 * browser/page-hook.js}, installed before any page script; the browser's network log (CDP events
 * through chromedriver) adds every request the browser made, across navigations.
 */
final class PageHook {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCRIPT = resource("/browser/page-hook.js");

  /** What the page and the network log reported. Empty lists mean nothing happened. */
  record Report(List<String> calls, List<String> violations, List<String> foreignRequests) {
    boolean quiet() {
      return calls.isEmpty() && violations.isEmpty() && foreignRequests.isEmpty();
    }
  }

  private final ChromeDriver driver;
  private final String origin;
  private final List<String> foreignRequests = new ArrayList<>();

  PageHook(ChromeDriver driver, URI server) {
    this.driver = driver;
    this.origin = originOf(server.toString());
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SCRIPT));
  }

  /** Forgets the requests seen so far; the page's own records start afresh with each page. */
  void reset() {
    readNetworkLog();
    foreignRequests.clear();
  }

  /** The current page's records, and the foreign requests since the last {@link #reset}. */
  @SuppressWarnings("unchecked")
  Report report() {
    Map<String, Object> page =
        (Map<String, Object>)
            driver.executeScript(
                "var h = window.__pageHook;"
                    + " return h ? {calls: h.calls, violations: h.violations, foreign: h.foreign}"
                    + " : {calls: ['hook: not installed on this page'], violations: [], foreign:"
                    + " []};");
    readNetworkLog();
    List<String> foreign = new ArrayList<>(foreignRequests);
    foreign.addAll((List<String>) page.get("foreign"));
    return new Report(
        List.copyOf((List<String>) page.get("calls")),
        List.copyOf((List<String>) page.get("violations")),
        List.copyOf(foreign));
  }

  /**
   * Markup on the page that no template of ours writes and a payload would: event-handler
   * attributes, {@code javascript:} URLs where a URL goes, inline scripts, frames, objects, {@code
   * base} and {@code meta} elements in the body. Each as {@code tag attribute=value}.
   */
  @SuppressWarnings("unchecked")
  List<String> injectedMarkup() {
    return (List<String>)
        driver.executeScript(
            """
            var found = [];
            document.querySelectorAll('*').forEach(function (e) {
              for (var i = 0; i < e.attributes.length; i++) {
                var a = e.attributes[i];
                if (/^on/i.test(a.name) || (/^(href|src|action|formaction|xlink:href|data|srcdoc)$/i
                    .test(a.name) && /^\\s*javascript:/i.test(a.value))) {
                  found.push(e.tagName + ' ' + a.name + '=' + a.value);
                }
              }
            });
            document.querySelectorAll('script:not([src]), body iframe, body object, body embed,'
                + ' body base, body meta, body style, body link').forEach(function (e) {
              found.push(e.tagName + ' ' + e.outerHTML.slice(0, 120));
            });
            return found;
            """);
  }

  private void readNetworkLog() {
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      try {
        JsonNode message = JSON.readTree(entry.getMessage()).path("message");
        if (message.path("method").asText().equals("Network.requestWillBeSent")) {
          String url = message.path("params").path("request").path("url").asText();
          if (isForeign(url)) {
            foreignRequests.add(url);
          }
        }
      } catch (IOException unreadable) {
        foreignRequests.add("(unreadable network log entry) " + entry.getMessage());
      }
    }
  }

  private boolean isForeign(String url) {
    if (url.startsWith("data:") || url.startsWith("about:") || url.startsWith("blob:")) {
      return false;
    }
    return !origin.equals(originOf(url));
  }

  private static String originOf(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  static String resource(String name) {
    try (InputStream in = PageHook.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the test class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
