package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver with a throwaway profile. Both
 * programs are named explicitly, so Selenium Manager never looks for (or downloads) either, and
 * host names resolve to nothing, so a page cannot reach the network even if it tried.
 */
final class Chromium implements AutoCloseable {

  /** System properties that point at other builds; Debian's places are the defaults. */
  static final String BROWSER_PROPERTY = "browser.chromium";

  static final String DRIVER_PROPERTY = "browser.chromedriver";

  private static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DEBIAN_CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Where Selenium logs how it found chromedriver, and Selenium Manager's own logger. */
  private static final List<String> DISCOVERY_LOGGERS =
      List.of("org.openqa.selenium.remote.service.DriverFinder", "org.openqa.selenium.manager");

  private final ChromeDriver driver;
  private final Path profile;
  private final List<String> discoveryLog;

  private Chromium(ChromeDriver driver, Path profile, List<String> discoveryLog) {
    this.driver = driver;
    this.profile = profile;
    this.discoveryLog = List.copyOf(discoveryLog);
  }

  static Path browserBinary() {
    return Path.of(System.getProperty(BROWSER_PROPERTY, DEBIAN_CHROMIUM.toString()));
  }

  static Path driverBinary() {
    return Path.of(System.getProperty(DRIVER_PROPERTY, DEBIAN_CHROMEDRIVER.toString()));
  }

  /**
   * Insists that both programs are installed. In CI ({@code CI=true}) their absence fails the test,
   * since a green run without a browser proves nothing; on a developer's machine the browser tests
   * are skipped, loudly.
   */
  static void requireInstalled() {
    List<String> missing = new ArrayList<>();
    for (Path program : List.of(browserBinary(), driverBinary())) {
      if (!Files.isExecutable(program)) {
        missing.add(program.toString());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String message =
        "The browser tests need Debian's chromium and chromium-driver, but "
            + String.join(" and ", missing)
            + (missing.size() == 1 ? " is" : " are")
            + " missing. Install them with 'apt-get install chromium chromium-driver' (.ci/run"
            + " does), or point -D"
            + BROWSER_PROPERTY
            + " and -D"
            + DRIVER_PROPERTY
            + " at other builds.";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    System.err.println("!!!!! SKIPPING BROWSER TESTS: " + message);
    Assumptions.abort(message);
  }

  static Chromium start() throws IOException {
    requireInstalled();
    Path profile = Files.createTempDirectory("digital-branch-chromium");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driverBinary().toFile())
            .usingAnyFreePort()
            .withLogLevel(org.openqa.selenium.chromium.ChromiumDriverLogLevel.OFF)
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browserBinary().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--no-default-browser-check",
        "--metrics-recording-only",
        "--password-store=basic",
        "--window-size=1280,1000",
        // Every host name fails to resolve: the tests talk to 127.0.0.1 only.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    options.setExperimentalOption(
        "perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
    ChromeDriver driver;
    List<String> discoveryLog = new CopyOnWriteArrayList<>();
    Handler listener =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            discoveryLog.add(record.getLoggerName() + ": " + record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    listener.setLevel(Level.ALL);
    List<Logger> loggers = DISCOVERY_LOGGERS.stream().map(Logger::getLogger).toList();
    List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
    loggers.forEach(
        logger -> {
          logger.setLevel(Level.FINE);
          logger.addHandler(listener);
        });
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      deleteQuietly(profile);
      throw e;
    } finally {
      for (int i = 0; i < loggers.size(); i++) {
        loggers.get(i).removeHandler(listener);
        loggers.get(i).setLevel(levels.get(i));
      }
    }
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return new Chromium(driver, profile, discoveryLog);
  }

  ChromeDriver driver() {
    return driver;
  }

  /**
   * What Selenium logged while it found chromedriver and started the browser: proof that Selenium
   * Manager (which would resolve, and possibly download, a driver and a browser) never ran.
   */
  List<String> discoveryLog() {
    return discoveryLog;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A temporary profile left behind costs disk space, not correctness.
    }
  }
}
