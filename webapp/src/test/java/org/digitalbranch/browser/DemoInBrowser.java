package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.digitalbranch.intranet.IntranetServer;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real intranet host with the real plugin, in its demo (a temporary data folder, port 0), and
 * one headless Chromium looking at it: both started once per test class, which registers this as a
 * static {@code @RegisterExtension} field. Before each test the browser forgets its cookies, so
 * every test starts signed out; the server's data lives on for the whole class.
 *
 * <p>When a test fails, the page the browser was showing is kept for the CI log: a screenshot and
 * its source under {@code target/browser-failures/<class>.<test>.png|.html}.
 */
final class DemoInBrowser
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, TestWatcher {

  /** Where failing tests leave their screenshots; surefire points it into {@code target/}. */
  static final String FAILURES_PROPERTY = "browser.failures";

  private final UnaryOperator<IntranetConfig> adjust;
  private Path data;
  private Server server;
  private URI base;
  private Chromium chromium;
  private PageHook hook;

  /** The demo as it ships. */
  DemoInBrowser() {
    this(UnaryOperator.identity());
  }

  /** The demo with its configuration changed first, say with more users. */
  DemoInBrowser(UnaryOperator<IntranetConfig> adjust) {
    this.adjust = adjust;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Chromium.requireInstalled();
    long started = System.nanoTime();
    data = Files.createTempDirectory("digital-branch-browser");
    server = IntranetServer.newServer(adjust.apply(IntranetConfig.demo(data)).withPort(0));
    server.start();
    base =
        URI.create(
            "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    long serverUp = System.nanoTime();
    chromium = Chromium.start();
    hook = new PageHook(chromium.driver(), base);
    System.out.printf(
        "%s: the demo started in %d ms, Chromium in %d ms%n",
        context.getRequiredTestClass().getSimpleName(),
        (serverUp - started) / 1_000_000,
        (System.nanoTime() - serverUp) / 1_000_000);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      if (server != null) {
        server.stop();
      }
      deleteQuietly(data);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    driver().manage().deleteAllCookies();
    hook.reset();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    if (chromium == null) {
      return;
    }
    String name =
        context.getRequiredTestClass().getSimpleName()
            + "."
            + context.getRequiredTestMethod().getName();
    Path folder = Path.of(System.getProperty(FAILURES_PROPERTY, "target/browser-failures"));
    try {
      Files.createDirectories(folder);
      Files.write(folder.resolve(name + ".png"), driver().getScreenshotAs(OutputType.BYTES));
      Files.writeString(
          folder.resolve(name + ".html"),
          "<!-- " + driver().getCurrentUrl() + " -->\n" + driver().getPageSource());
      System.err.println(
          "Browser test " + name + " failed; the page is kept in " + folder.toAbsolutePath());
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not keep the failing page of " + name + ": " + e);
    }
  }

  ChromeDriver driver() {
    return chromium.driver();
  }

  URI base() {
    return base;
  }

  Chromium chromium() {
    return chromium;
  }

  /**
   * The page now showing is clean: no dialog or console call, no Content-Security-Policy violation,
   * no request to another origin since the test began, and axe finds no serious or critical
   * accessibility violation.
   */
  void assertPageClean(String what) {
    PageHook.Report report = hook.report();
    assertThat(report.quiet()).as(what + " ran nothing and went nowhere else: " + report).isTrue();
    Axe.assertNoSeriousViolations(driver(), what);
  }

  /** Records of what ran on the current page and where the browser went. */
  PageHook hook() {
    return hook;
  }

  /** Opens a path of the intranet and waits for the page to finish loading. */
  void open(String path) {
    driver().get(base.resolve(path).toString());
    waitForPage();
  }

  /**
   * Waits for the page the last action navigated to. Right after a click the old document may still
   * be the one that answers "complete", so each waited-for document is marked and the wait is for a
   * complete document without the mark: a new one. Call it only after an action that navigates.
   */
  void waitForPage() {
    JavascriptExecutor js = (JavascriptExecutor) driver();
    waitUntil(
        "the next page to load",
        () ->
            Boolean.TRUE.equals(
                js.executeScript(
                    "return document.readyState === 'complete' && !window.dbPageSeen")));
    js.executeScript("window.dbPageSeen = true");
  }

  /** Signs in through the login form, as a person would with the mouse. */
  void signIn(String user) {
    open("/login");
    WebElement name = driver().findElement(By.id("login-username"));
    name.clear();
    name.sendKeys(user);
    WebElement password = driver().findElement(By.id("login-password"));
    password.clear();
    password.sendKeys(user);
    driver().findElement(By.cssSelector(".login-form button[type=submit]")).click();
    waitUntil("sign-in of " + user, () -> !driver().getCurrentUrl().contains("/login"));
    waitForPage();
  }

  void waitUntil(String what, java.util.function.BooleanSupplier condition) {
    waitUntil(what, Duration.ofSeconds(15), condition);
  }

  /**
   * Waits longer than a page needs, for the demo's own pace: its first ingestion of the sandbox's
   * thousands of seeded conversations takes a minute or two on a busy machine.
   */
  void waitUntil(String what, Duration most, java.util.function.BooleanSupplier condition) {
    // A condition read while the page is being replaced may hold an element of the old page:
    // that is "not yet", like a missing element.
    new WebDriverWait(driver(), most, Duration.ofMillis(500))
        .withMessage("waiting for " + what)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> readWhileThePageMayChange(condition));
  }

  /**
   * Chromedriver reports the same race, an element found on the old page and read after the new one
   * replaced it, also as an "unknown error" whose inspector message says the node "does not belong
   * to the document" (seen on CI: PublishingPauseInBrowserTest); that too is "not yet".
   */
  private static boolean readWhileThePageMayChange(java.util.function.BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (org.openqa.selenium.WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
        return false;
      }
      throw e;
    }
  }

  /** The id of the element that has the focus now. */
  String keyboardFocusId() {
    return driver().switchTo().activeElement().getAttribute("id");
  }

  /** The visible text of the page's main region. */
  String mainText() {
    return driver().findElement(By.id("main")).getText();
  }

  /**
   * The same page fetched outside the browser with the browser's session, for what a browser does
   * not show: the response's headers.
   */
  HttpResponse<String> fetchWithSession(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
    Optional.ofNullable(driver().manage().getCookieNamed("JSESSIONID"))
        .map(Cookie::getValue)
        .ifPresent(id -> request.header("Cookie", "JSESSIONID=" + id));
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
      return response;
    }
  }

  private static void deleteQuietly(Path folder) {
    if (folder == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A temporary folder left behind costs disk space, not correctness.
    }
  }
}
