package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPagesTest {

  @TempDir Path data;

  private RunningIntranet intranet;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    intranet = RunningIntranet.start(IntranetConfig.demo(data).withoutClasspathPlugins());
    browser = intranet.browser();
  }

  @AfterEach
  void stop() throws Exception {
    intranet.close();
  }

  private static void assertSecurityHeaders(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .as(response.uri().toString())
        .hasValue(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() throws Exception {
    assertSecurityHeaders(browser.get("/"));
    assertSecurityHeaders(browser.get("/api/search?q=x"));
    assertSecurityHeaders(browser.get("/login"));
    assertSecurityHeaders(browser.get("/static/intranet.css"));
    assertSecurityHeaders(browser.get("/no/such/page"));
    browser.signedInAs("staff", "staff");
    assertSecurityHeaders(browser.get("/"));
    assertSecurityHeaders(browser.get("/search?q=x"));
    assertSecurityHeaders(browser.get("/api/search?q=x"));
    assertSecurityHeaders(browser.get("/no/such/page"));
  }

  @Test
  void traceIsRefusedSoNoPageEchoesTheSessionCookie() throws Exception {
    browser.signedInAs("staff", "staff");
    for (String path : List.of("/login", "/", "/search?q=x", "/static/intranet.css")) {
      java.net.http.HttpResponse<String> traced =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(browser.base().resolve(path))
                      .method("TRACE", java.net.http.HttpRequest.BodyPublishers.noBody())
                      .header("Cookie", "JSESSIONID=secret-session-id")
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());

      assertThat(traced.statusCode()).as(path).isEqualTo(405);
      assertThat(traced.body()).as(path).doesNotContain("secret-session-id");
    }
  }

  @Test
  void pagesSendAStrangerToSignIn() throws Exception {
    HttpResponse<String> home = browser.get("/");

    assertThat(home.statusCode()).isEqualTo(302);
    assertThat(home.headers().firstValue("Location")).hasValue("/login?next=%2F");
  }

  @Test
  void theApiAnswersAStrangerWith401ProblemDetails() throws Exception {
    HttpResponse<String> search = browser.get("/api/search?q=ebook");

    assertThat(search.statusCode()).isEqualTo(401);
    assertThat(search.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(search.body())
        .isEqualTo(
            "{\"type\":\"about:blank\",\"title\":\"Sign-in required\",\"status\":401,"
                + "\"detail\":\"Sign in at /login first; this API uses the session cookie.\"}");
  }

  @Test
  void anUnknownPathIsA404PageInsideTheChrome() throws Exception {
    browser.signedInAs("staff", "staff");

    HttpResponse<String> missing = browser.get("/no/such/page");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(missing.body())
        .contains("<h1>Page not found</h1>")
        .contains("<nav class=\"site-nav\" aria-label=\"Main\">");
  }

  @Test
  void anUnknownApiPathIsA404Problem() throws Exception {
    browser.signedInAs("staff", "staff");

    HttpResponse<String> missing = browser.get("/api/nothing-here");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void theHomePageHasTheWholeChrome() throws Exception {
    browser.signedInAs("staff", "staff");

    String home = browser.get("/").body();

    assertThat(home)
        .startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
        .contains("<a class=\"skip-link\" href=\"#main\">Skip to main content</a>")
        .contains("<link rel=\"stylesheet\" href=\"/static/intranet.css\">")
        .contains("<a class=\"site-name\" href=\"/\">Library intranet</a>")
        // Named, as a plugin page may bring a search landmark of its own (the archive's).
        .contains(
            "<form class=\"site-search\" role=\"search\" aria-label=\"Search the intranet\""
                + " action=\"/search\" method=\"get\">")
        .contains(
            "<label for=\"site-search-q\" class=\"visually-hidden\">Search the intranet</label>")
        .contains("<span class=\"site-user-name\">Sam Staff</span>")
        .contains("<form action=\"/logout\" method=\"post\">")
        .contains("<li><a href=\"/\" aria-current=\"page\">Home</a></li>")
        .contains("<main id=\"main\" tabindex=\"-1\">")
        .contains("No tools are installed for your roles yet.");
    assertThat(home).doesNotContain("style=").doesNotContain("<script");
  }

  @Test
  void theSignInPageListsTheDemoUsers() throws Exception {
    String form = browser.get("/login").body();

    assertThat(form)
        .contains("<label for=\"login-username\">User name</label>")
        .contains("<input type=\"hidden\" name=\"csrf\" value=\"")
        .contains("<li><code>moderator</code>: digital-branch.moderator, digital-branch.staff</li>")
        .doesNotContain("<nav");
  }

  @Test
  void theStylesheetIsServed() throws Exception {
    HttpResponse<String> css = browser.get("/static/intranet.css");

    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    assertThat(css.body()).contains(":focus-visible");
  }

  @Test
  void searchingWithNoPluginsSaysSo() throws Exception {
    browser.signedInAs("staff", "staff");

    assertThat(browser.get("/search?q=ebook").body())
        .contains("None of your tools offers search yet.");
    assertThat(browser.get("/api/search?q=ebook").body())
        .isEqualTo("{\"query\":\"ebook\",\"groups\":[]}");
  }

  @Test
  void aSearchLongerThanTheBoxSearchesSaysOnlyItsBeginningIsSearched() throws Exception {
    browser.signedInAs("staff", "staff");

    String shown = browser.get("/search?q=" + "storytime+".repeat(60)).body();

    assertThat(shown)
        .contains(
            "what you typed was longer than 500 characters, so only its beginning is searched");
    assertThat(browser.get("/search?q=storytime").body()).doesNotContain("longer than");
  }
}
