package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.digitalbranch.intranet.auth.PasswordHash;
import org.digitalbranch.intranet.config.ConfiguredUser;
import org.digitalbranch.intranet.config.DemoUsers;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * Every payload in {@code browser/xss-payloads.txt}, put where people's text lands on a page, comes
 * out as that text: no script runs (the page hook records no dialog or console call), no element or
 * attribute is made of it, nothing is fetched from another origin, and the policy would not let an
 * inline script run anyway.
 */
class ScriptsStayTextInBrowserTest {

  private static final List<String> PAYLOADS = XssPayloads.all();

  /** A user whose display name, from the settings file, is every payload in a row. */
  private static final ConfiguredUser MALLORY =
      new ConfiguredUser(
          "mallory",
          String.join(" ", PAYLOADS),
          Set.of(DemoUsers.STAFF),
          PasswordHash.of("mallory", 1_000));

  @RegisterExtension
  static final DemoInBrowser demo =
      new DemoInBrowser(
          config -> {
            List<ConfiguredUser> users = new ArrayList<>(config.users());
            users.add(MALLORY);
            return new IntranetConfig(
                config.port(),
                config.bind(),
                config.behindProxy(),
                config.dataDir(),
                users,
                config.pluginSettings(),
                config.demo(),
                config.classpathPlugins());
          });

  /** Nothing ran, nothing was made of the text, nothing went elsewhere. */
  private static void assertNothingRan(String where) {
    assertThat(demo.hook().injectedMarkup()).as("markup made of text on " + where).isEmpty();
    PageHook.Report report = demo.hook().report();
    assertThat(report.calls()).as("dialogs and console calls on " + where).isEmpty();
    assertThat(report.violations()).as("policy violations on " + where).isEmpty();
    assertThat(report.foreignRequests()).as("requests elsewhere from " + where).isEmpty();
  }

  /** The queue shows a post's first 80 characters, then an ellipsis. */
  private static String excerpt(String text) {
    return text.codePointCount(0, text.length()) <= 80
        ? text
        : text.substring(0, text.offsetByCodePoints(0, 80)) + "…";
  }

  @Test
  void thePayloadFileHoldsEveryKindOfAttack() {
    assertThat(PAYLOADS).hasSizeGreaterThanOrEqualTo(30);
    assertThat(PAYLOADS)
        .anyMatch(p -> p.contains("<script>"))
        .anyMatch(p -> p.contains("onerror="))
        .anyMatch(p -> p.contains("javascript:"))
        .anyMatch(p -> p.startsWith("<svg"))
        .anyMatch(p -> p.contains("\\u003c"))
        .anyMatch(p -> p.contains("＜"))
        .anyMatch(p -> p.startsWith("\" "));
  }

  @Test
  void everyPagesPolicyForbidsInlineScriptAndForeignSources() throws Exception {
    List<HttpResponse<String>> pages = new ArrayList<>();
    pages.add(demo.fetchWithSession("/login"));
    demo.signIn("staff");
    for (String path :
        List.of(
            "/",
            "/search?q=x",
            "/digital-branch/",
            "/digital-branch/queue",
            "/digital-branch/compose")) {
      pages.add(demo.fetchWithSession(path));
    }
    for (HttpResponse<String> page : pages) {
      String path = page.uri().getPath();
      Map<String, List<String>> policy =
          Arrays.stream(page.headers().firstValue("Content-Security-Policy").orElse("").split(";"))
              .map(String::strip)
              .filter(directive -> !directive.isEmpty())
              .map(directive -> directive.split("\\s+"))
              .collect(
                  Collectors.toMap(
                      parts -> parts[0], parts -> List.of(parts).subList(1, parts.length)));

      assertThat(policy.get("script-src")).as(path + " script-src").containsExactly("'self'");
      assertThat(policy.get("default-src")).as(path + " default-src").containsExactly("'self'");
      assertThat(policy.get("object-src")).as(path + " object-src").containsExactly("'none'");
      assertThat(policy.get("base-uri")).as(path + " base-uri").containsExactly("'none'");
    }
  }

  @Test
  void aSearchQueryIsShownAsTheTextTyped() {
    demo.signIn("staff");
    for (String payload : PAYLOADS) {
      demo.open("/search?q=" + URLEncoder.encode(payload, StandardCharsets.UTF_8));

      assertThat(demo.driver().findElement(By.cssSelector("#main q")).getAttribute("textContent"))
          .isEqualTo(payload);
      assertThat(demo.driver().findElement(By.id("site-search-q")).getAttribute("value"))
          .isEqualTo(payload);
      assertThat(demo.driver().getTitle()).startsWith("Search: " + payload + " · ");
      assertNothingRan("the search page for " + payload);
    }
  }

  @Test
  void aDisplayNameFromTheSettingsIsShownAsText() {
    demo.signIn("mallory");

    assertThat(
            demo.driver().findElement(By.className("site-user-name")).getAttribute("textContent"))
        .isEqualTo(MALLORY.displayName());
    assertThat(demo.driver().findElement(By.tagName("h1")).getAttribute("textContent"))
        .isEqualTo("Welcome, " + MALLORY.displayName());
    assertNothingRan("the home page");

    demo.open("/digital-branch/");
    assertThat(demo.mainText()).contains("<script>alert('xss-script')</script>");
    assertNothingRan("the dashboard");
  }

  @Test
  void postTextAltTextAndNotesAreShownAsTextOnTheQueueAndPostPages() throws Exception {
    DemoApi staff = DemoApi.signedIn(demo.base(), "staff");
    DemoApi moderator = DemoApi.signedIn(demo.base(), "moderator");
    Map<String, String> postByPayload = new LinkedHashMap<>();
    for (String payload : PAYLOADS) {
      String image = staff.upload(TestImages.png());
      String id =
          staff.draft(
              payload, List.of("mastodon-main", "x-main"), "engagement", Map.of(image, payload));
      int version = staff.act(id, "submit", 1, null).get("version").asInt();
      version = moderator.act(id, "request-changes", version, payload).get("version").asInt();
      staff.act(id, "submit", version, null);
      postByPayload.put(payload, id);
    }

    demo.signIn("moderator");
    demo.open("/digital-branch/queue");
    List<String> excerpts =
        demo.driver().findElements(By.cssSelector("table.db-waiting th[scope=row] a")).stream()
            .map(link -> link.getAttribute("textContent"))
            .toList();
    assertThat(excerpts)
        .containsAll(PAYLOADS.stream().map(ScriptsStayTextInBrowserTest::excerpt).toList());
    assertNothingRan("the queue");

    for (Map.Entry<String, String> post : postByPayload.entrySet()) {
      String payload = post.getKey();
      demo.open("/digital-branch/posts/" + post.getValue());

      assertThat(
              demo.driver().findElement(By.className("db-post-text")).getAttribute("textContent"))
          .isEqualTo(payload);
      assertThat(demo.driver().findElement(By.cssSelector(".db-figure img")).getAttribute("alt"))
          .isEqualTo(payload);
      assertThat(
              demo.driver()
                  .findElement(By.cssSelector(".db-figure figcaption"))
                  .getAttribute("textContent"))
          .contains("“" + payload + "”");
      assertThat(demo.driver().findElements(By.className("db-note")))
          .extracting(note -> note.getAttribute("textContent"))
          .contains(payload);
      assertThat(demo.driver().findElements(By.className("db-preview-body")))
          .extracting(body -> body.getAttribute("textContent"))
          .contains(payload);
      assertNothingRan("the post page for " + payload);
    }
  }
}
