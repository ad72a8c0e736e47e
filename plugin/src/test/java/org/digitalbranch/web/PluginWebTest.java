package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginWebTest {

  private static final String STAFF = "jlee;J. Lee;digital-branch.staff";
  private static final String MODERATOR =
      "mgarcia;M. Garcia;digital-branch.staff,digital-branch.moderator";
  private static final String OUTSIDER = "clerk;Circulation Clerk;intranet.circulation";
  private static final String SETTINGS =
      "{'maxBodyBytes': 1024, 'accounts': [{'id': 'mastodon-main', 'platform': 'mastodon',"
          + " 'handle': '@library@example.social', 'baseUrl': 'https://example.social',"
          + " 'credentials': {'accessToken': 'tok-secret-42'}, 'team': ['jlee']}]}";

  // One server for the class: no test changes what the others see, and startup is the slow part.
  @TempDir static Path dataDir;
  private static TestIntranet intranet;

  @BeforeAll
  static void start() throws Exception {
    intranet = TestIntranet.start(dataDir, SETTINGS);
  }

  @AfterAll
  static void stop() throws Exception {
    intranet.close();
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    HttpRequest.Builder request = intranet.request(path);
    if (user != null) {
      request.header(TestIntranet.USER_HEADER, user);
    }
    return intranet.send(request);
  }

  private HttpResponse<String> post(String path, String user, String csrf, String body)
      throws Exception {
    HttpRequest.Builder request =
        intranet
            .request(path)
            .POST(BodyPublishers.ofString(body))
            .header(TestIntranet.USER_HEADER, user);
    if (csrf != null) {
      request.header("X-CSRF-Token", csrf);
    }
    return intranet.send(request);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String title)
      throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = TestIntranet.json(response);
    assertThat(problem.get("type").asText()).isEqualTo("about:blank");
    assertThat(problem.get("title").asText()).isEqualTo(title);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asText()).isNotBlank();
  }

  @Test
  void theApiWithoutASessionAnswers401AsProblemJson() throws Exception {
    HttpResponse<String> response = get("/digital-branch/api/me", null);

    assertProblem(response, 401, "Unauthorized");
  }

  @Test
  void aPageWithoutASessionRedirectsToTheLoginPageAndBack() throws Exception {
    HttpResponse<String> response = get("/digital-branch/?tab=all", null);

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(
            location ->
                assertThat(location).endsWith("/login?next=%2Fdigital-branch%2F%3Ftab%3Dall"));
  }

  @Test
  void aSignedInUserWithoutAPluginRoleIsForbidden() throws Exception {
    assertProblem(get("/digital-branch/api/me", OUTSIDER), 403, "Forbidden");

    HttpResponse<String> page = get("/digital-branch/", OUTSIDER);
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.body()).contains("id=\"test-chrome\"", "<h1>Forbidden</h1>");
  }

  @Test
  void apiMeGivesTheUserTheirRolesAndTheCsrfToken() throws Exception {
    HttpResponse<String> response = get("/digital-branch/api/me", MODERATOR);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(TestIntranet.json(response))
        .isEqualTo(
            TestIntranet.parse(
                "{'user': 'mgarcia', 'displayName': 'M. Garcia', 'roles':"
                    + " ['digital-branch.moderator', 'digital-branch.staff'], 'csrfToken': '"
                    + TestIntranet.CSRF_TOKEN
                    + "'}"));
  }

  @Test
  void anUnsafeMethodWithoutTheCsrfTokenIsForbidden() throws Exception {
    assertProblem(post("/digital-branch/api/test/echo", STAFF, null, "{}"), 403, "Forbidden");
  }

  @Test
  void anUnsafeMethodWithAWrongCsrfTokenIsForbidden() throws Exception {
    assertProblem(
        post("/digital-branch/api/test/echo", STAFF, "test-csrf-token-0123456788", "{}"),
        403,
        "Forbidden");
  }

  @Test
  void anUnsafeMethodWithTheSessionsCsrfTokenPasses() throws Exception {
    HttpResponse<String> response =
        post("/digital-branch/api/test/echo", STAFF, TestIntranet.CSRF_TOKEN, "{\"a\": 1}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("read 8 bytes");
  }

  @Test
  void anHtmlFormMayCarryTheCsrfTokenAsAField() throws Exception {
    HttpResponse<String> response =
        intranet.send(
            intranet
                .request("/digital-branch/api/test/echo")
                .header(TestIntranet.USER_HEADER, STAFF)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("csrf=" + TestIntranet.CSRF_TOKEN + "&note=hi")));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void aCsrfTokenInTheQueryStringDoesNotCountHoweverItsNameIsWritten() throws Exception {
    // "%63srf" is "csrf" to the container, which reads the address's parameters with the form's.
    for (String name : List.of("csrf", "%63srf", "c%73rf")) {
      HttpResponse<String> response =
          intranet.send(
              intranet
                  .request("/digital-branch/api/test/echo?" + name + "=" + TestIntranet.CSRF_TOKEN)
                  .header(TestIntranet.USER_HEADER, STAFF)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(BodyPublishers.ofString("note=hi")));

      assertProblem(response, 403, "Forbidden");
    }
  }

  @Test
  void aDeclaredBodyOverTheLimitIsRefusedWith413() throws Exception {
    HttpResponse<String> response =
        intranet.sendAlone(
            intranet
                .request("/digital-branch/api/test/echo")
                .header(TestIntranet.USER_HEADER, STAFF)
                .header("X-CSRF-Token", TestIntranet.CSRF_TOKEN)
                .POST(BodyPublishers.ofString("x".repeat(1025))));

    assertProblem(response, 413, "Content Too Large");
    assertThat(TestIntranet.json(response).get("limitBytes").asInt()).isEqualTo(1024);
    assertThat(response.headers().firstValue("Connection")).hasValue("close");
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedWith413WhileBeingRead() throws Exception {
    byte[] body = "y".repeat(5000).getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response =
        intranet.sendAlone(
            intranet
                .request("/digital-branch/api/test/echo")
                .header(TestIntranet.USER_HEADER, STAFF)
                .header("X-CSRF-Token", TestIntranet.CSRF_TOKEN)
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertProblem(response, 413, "Content Too Large");
  }

  @Test
  void aChunkedBodyWithinTheLimitIsReadWhole() throws Exception {
    byte[] body = "y".repeat(1024).getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response =
        intranet.sendAlone(
            intranet
                .request("/digital-branch/api/test/echo")
                .header(TestIntranet.USER_HEADER, STAFF)
                .header("X-CSRF-Token", TestIntranet.CSRF_TOKEN)
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertThat(response.body()).isEqualTo("read 1024 bytes");
  }

  @Test
  void anUnknownApiPathIs404ProblemJson() throws Exception {
    assertProblem(get("/digital-branch/api/no-such-thing", STAFF), 404, "Not Found");
  }

  @Test
  void anErrorKeepsTheHostsSecurityHeaders() throws Exception {
    HttpResponse<String> page = get("/digital-branch/no-such-page", STAFF);

    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("id=\"test-chrome\"", "<h1>Not Found</h1>");
    assertThat(page.headers().firstValue("Content-Security-Policy")).contains("default-src 'self'");
  }

  @Test
  void aKnownPathWithTheWrongMethodIs405NamingTheAllowedMethods() throws Exception {
    HttpResponse<String> response =
        post("/digital-branch/api/me", STAFF, TestIntranet.CSRF_TOKEN, "{}");

    assertProblem(response, 405, "Method Not Allowed");
    assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD");
  }

  @Test
  void anUnexpectedErrorIsAnswered500WithOnlyAnIdAndLoggedOnceWithItsStackTrace() throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    HttpResponse<String> response;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      response = get("/digital-branch/api/test/boom", STAFF);
    } finally {
      System.setErr(originalErr);
    }

    assertProblem(response, 500, "Internal Server Error");
    String id = TestIntranet.json(response).get("errorId").asText();
    assertThat(id).matches("[0-9a-f]{12}");
    assertThat(response.body()).doesNotContain("secret internals", "IllegalStateException", "at ");
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged.split("Unexpected error " + id, -1)).hasSize(2);
    assertThat(logged)
        .contains("java.lang.IllegalStateException: secret internals: table posts is on fire")
        .contains("at org.digitalbranch.web.TestIntranet$Boom.service");
  }

  @Test
  void sandboxFailuresInASettingsFileAreIgnoredWithAWarningNotWithoutAWord(
      @org.junit.jupiter.api.io.TempDir Path otherData) throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      TestIntranet.start(otherData, "{'sandboxFailures': {'x': 'expired-token'}}").close();
    } finally {
      System.setErr(originalErr);
    }

    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains(
            "plugins.org.digitalbranch.sandboxFailures is ignored: it applies only to the sandbox"
                + " platforms of a demo without accounts");
  }

  @Test
  void theDashboardIsRenderedInsideTheChromeWithUserTextEscaped() throws Exception {
    HttpResponse<String> response =
        get("/digital-branch/", "mallory;<script>alert(1)</script>;digital-branch.staff");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(response.body())
        .contains("<nav id=\"test-chrome\">Intranet</nav>")
        .contains("<h1>Digital Branch</h1>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)</script>")
        .contains("<code>digital-branch.staff</code>")
        .contains(
            "<td><code>mastodon-main</code></td><td>mastodon</td><td>@library@example.social</td>")
        .contains("/digital-branch/static/digital-branch.css")
        .doesNotContain("tok-secret-42");
  }

  @Test
  void theMountWithoutATrailingSlashRedirectsToTheDashboard() throws Exception {
    HttpResponse<String> response = get("/digital-branch", STAFF);

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith("/digital-branch/"));
  }

  @Test
  void theStylesheetIsServedWithoutASession() throws Exception {
    HttpResponse<String> response = get("/digital-branch/static/digital-branch.css", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    assertThat(response.body()).contains(":focus-visible");
  }

  @Test
  void anUnknownStaticFileIsNotFound() throws Exception {
    assertThat(get("/digital-branch/static/missing.css", null).statusCode()).isEqualTo(404);
    assertThat(get("/digital-branch/static/%2e%2e/templates/error.mustache", null).statusCode())
        .isIn(400, 404);
  }

  @Test
  void webhooksNeedNoSession() throws Exception {
    HttpResponse<String> response =
        intranet.send(
            intranet
                .request("/digital-branch/api/webhooks/facebook")
                .POST(BodyPublishers.ofString("{}")));

    // No app secret is configured here: refused as not set up, rather than "sign in first".
    assertProblem(response, 403, "Forbidden");
    assertThat(TestIntranet.json(response).get("detail").asText()).contains("not set up");
  }

  @Test
  void aContainerSignedInUserGetsACsrfTokenCreatedForTheirSession() throws Exception {
    String principal = "tomcat-user;digital-branch.staff";
    HttpClient browser = TestIntranet.browser();
    HttpResponse<String> me =
        browser.send(
            intranet
                .request("/digital-branch/api/me")
                .header(TestIntranet.PRINCIPAL_HEADER, principal)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = TestIntranet.json(me);
    assertThat(body.get("user").asText()).isEqualTo("tomcat-user");
    assertThat(body.get("roles").toString()).isEqualTo("[\"digital-branch.staff\"]");
    String token = body.get("csrfToken").asText();
    assertThat(token).hasSizeGreaterThanOrEqualTo(40);

    HttpResponse<String> posted =
        browser.send(
            intranet
                .request("/digital-branch/api/test/echo")
                .header(TestIntranet.PRINCIPAL_HEADER, principal)
                .header("X-CSRF-Token", token)
                .POST(BodyPublishers.ofString("ok"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.body()).isEqualTo("read 2 bytes");
  }
}
