package org.digitalbranch.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.Credentials;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.config.InvalidConfigException;
import org.digitalbranch.descriptor.spi.PluginSettings;
import org.digitalbranch.platform.PlatformSettings;
import org.digitalbranch.platform.sandbox.Sandbox;
import org.digitalbranch.platform.sandbox.SandboxAccount;
import org.digitalbranch.platform.sandbox.SandboxBehaviour;
import org.digitalbranch.platform.sandbox.SandboxPlatform;
import org.digitalbranch.publish.AccountStatuses;
import org.digitalbranch.publish.PublishAccount;
import org.digitalbranch.publish.PublishSettings;
import org.digitalbranch.publish.Publisher;
import org.digitalbranch.publish.RenewedCredentials;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.queue.Transactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing side of the plugin, built in one go by {@link DigitalBranchPlugin}: a connector
 * and credentials per configured account, the renewed credentials, the publisher and the accounts'
 * health. In the demo (no accounts configured) it first starts the sandbox platforms and points the
 * five demo accounts at them, with the failures the {@code sandboxFailures} setting asks for.
 *
 * <p>Settings read here (declared in the descriptor): {@code sandboxFailures}, {@code
 * publishMaxAttempts}, {@code publishRetrySeconds}, {@code publicBaseUrl}.
 */
final class Publishing implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Publishing.class);

  /** How often the publisher looks for due work; a run with nothing to do writes nothing. */
  static final Duration POLL = Duration.ofSeconds(1);

  /**
   * Targets one commit marks and one records (PublishSettings.batchSize): 90 drained a backlog at
   * 150 targets/s against 110 with the default 20 (docs/benchmarks.md); a crash leaves at most this
   * many to look up at start.
   */
  static final int BATCH_SIZE = 90;

  private final DigitalBranchConfig config;
  private final Sandbox sandbox;
  private final Publisher publisher;
  private final AccountStatuses statuses;
  private final PublicImageLinks imageLinks;
  private final Map<String, PublishAccount> accounts;

  private final RenewedCredentials renewed;
  private final Options options;

  private Publishing(
      DigitalBranchConfig config,
      Sandbox sandbox,
      Publisher publisher,
      AccountStatuses statuses,
      PublicImageLinks imageLinks,
      Map<String, PublishAccount> accounts,
      RenewedCredentials renewed,
      Options options) {
    this.config = config;
    this.options = options;
    this.renewed = renewed;
    this.sandbox = sandbox;
    this.publisher = publisher;
    this.statuses = statuses;
    this.imageLinks = imageLinks;
    this.accounts = accounts;
  }

  /** Where the demo keeps when its sandboxes' seeded history ends, written at its first start. */
  static final String DEMO_HISTORY_END = "demo-history-end";

  /**
   * When the demo's seeded history ends: the first start's time, kept in the data folder with what
   * the history is made of ({@link Sandbox#historyFingerprint}), so every later start seeds the
   * same conversations under the same ids and the archive holds each once. A new history starts
   * from now when the file is missing, unreadable or made for another history (a new release's
   * generator: the same ids would carry other words and read as edits); the archive then holds the
   * old history and the new one side by side, as every restart did before. The demo starts even
   * where the file cannot be written.
   */
  static Instant demoHistoryEnd(Path dataDirectory, Clock clock, String fingerprint) {
    Path file = dataDirectory.resolve(DEMO_HISTORY_END);
    try {
      if (Files.isRegularFile(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() >= 2 && lines.get(1).strip().equals(fingerprint)) {
          return Instant.parse(lines.get(0).strip());
        }
        LOG.info("{} is for another demo history; the demo's history starts again from now", file);
      }
    } catch (IOException | DateTimeParseException unreadable) {
      LOG.warn(
          "{} is unreadable ({}); the demo's history starts from now", file, unreadable.toString());
    }
    Instant now = clock.instant();
    try {
      Files.createDirectories(dataDirectory);
      // Whole or not at all: a half-written file would start a new history at the next start.
      Path written = Files.createTempFile(dataDirectory, DEMO_HISTORY_END, ".tmp");
      Files.writeString(written, now + "\n" + fingerprint + "\n", StandardCharsets.UTF_8);
      Files.move(
          written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn(
          "could not keep the demo's history end in {} ({}); a restart seeds it again",
          file,
          e.toString());
    }
    return now;
  }

  /**
   * Builds everything; the publisher is not started yet ({@link #start}).
   *
   * @param requestBase the intranet's address as last seen in a request, the fallback for {@code
   *     publicBaseUrl}
   */
  static Publishing build(
      DigitalBranchConfig config,
      PluginSettings settings,
      boolean demo,
      Path dataDirectory,
      Path imageFolder,
      String mount,
      Transactor transactor,
      PostService posts,
      AtomicReference<String> requestBase)
      throws Exception {
    Options options = Options.read(settings);
    Clock clock = Clock.systemUTC();
    Sandbox sandbox = null;
    DigitalBranchConfig effective = config;
    boolean sandboxed = demo && settings.get("accounts").isEmpty();
    if (sandboxed) {
      SandboxBehaviour behaviour = SandboxBehaviour.demo().withFailures(options.sandboxFailures());
      Instant historyEnd =
          demoHistoryEnd(dataDirectory, clock, Sandbox.historyFingerprint(behaviour));
      sandbox = Sandbox.start(behaviour, historyEnd);
      effective = pointedAtSandbox(config, sandbox);
    } else if (!options.sandboxFailures().isEmpty()) {
      // Said once at start rather than dropped without a word: there is no sandbox to act them.
      LOG.warn(
          "{} is ignored: it applies only to the sandbox platforms of a demo without accounts",
          settings.pathOf("sandboxFailures"));
    }
    try {
      RenewedCredentials credentials = new RenewedCredentials(transactor, clock);
      Map<String, PublishAccount> accounts = new LinkedHashMap<>();
      List<AccountConfig> configured = effective.accounts();
      for (int i = 0; i < configured.size(); i++) {
        AccountConfig account = configured.get(i);
        PlatformSettings platformSettings =
            PlatformSettings.defaults(AccountConnections.baseUrl(account)).withClock(clock);
        if (sandbox != null) {
          // The post page's live links then open the sandbox's pages, not the real sites.
          platformSettings =
              platformSettings.withWebBaseUrl(
                  URI.create(sandbox.webBaseUrl(SandboxPlatform.fromId(account.platform().id()))));
        }
        accounts.put(
            account.id(), AccountConnections.connect(account, i, platformSettings, credentials));
      }
      PublicImageLinks links =
          new PublicImageLinks(
              PublicImageLinks.loadOrCreateKey(dataDirectory),
              clock,
              () -> options.publicBaseUrl().orElseGet(requestBase::get) + mount);
      PublishSettings defaults = PublishSettings.defaults();
      PublishSettings publishSettings =
          new PublishSettings(
              options.maxAttempts(),
              options.firstRetry(),
              defaults.maxRetryDelay().compareTo(options.firstRetry()) < 0
                  ? options.firstRetry()
                  : defaults.maxRetryDelay(),
              POLL,
              defaults.lookupMargin(),
              defaults.idempotencyWindow(),
              BATCH_SIZE);
      Publisher publisher =
          new Publisher(
              transactor,
              clock,
              accounts,
              credentials,
              imageFolder,
              links::url,
              publishSettings,
              new SecureRandom(),
              posts);
      AccountStatuses statuses = new AccountStatuses(transactor, clock, accounts, credentials);
      return new Publishing(
          effective,
          sandbox,
          publisher,
          statuses,
          links,
          Map.copyOf(accounts),
          credentials,
          options);
    } catch (Exception | Error e) {
      if (sandbox != null) {
        sandbox.stop();
      }
      throw e;
    }
  }

  /** The publishing settings it runs with (attempts, first retry, public address). */
  Options options() {
    return options;
  }

  /** The demo accounts, each at its sandbox's base URL with the sandbox's credentials. */
  static DigitalBranchConfig pointedAtSandbox(DigitalBranchConfig config, Sandbox sandbox) {
    List<AccountConfig> accounts = new ArrayList<>();
    for (AccountConfig account : config.accounts()) {
      SandboxAccount twin = sandbox.account(SandboxPlatform.fromId(account.platform().id()));
      accounts.add(
          new AccountConfig(
              account.id(),
              account.platform(),
              account.handle(),
              URI.create(twin.baseUrl()),
              Credentials.of(twin.credentials()),
              account.team(),
              account.directMessages()));
    }
    return new DigitalBranchConfig(
        config.timeZone(),
        config.promotionLimitPercent(),
        config.pollSeconds(),
        config.maxBodyBytes(),
        config.imageMaxBytes(),
        config.moderationReasons(),
        config.reviewRepliesOf(),
        accounts,
        config.database(),
        config.metaHumanAgent());
  }

  /** The accounts as they run: in the demo, pointed at the sandbox. */
  DigitalBranchConfig config() {
    return config;
  }

  Publisher publisher() {
    return publisher;
  }

  AccountStatuses statuses() {
    return statuses;
  }

  PublicImageLinks imageLinks() {
    return imageLinks;
  }

  /** The demo's sandbox, when it runs. */
  Optional<Sandbox> sandbox() {
    return Optional.ofNullable(sandbox);
  }

  Map<String, PublishAccount> accounts() {
    return accounts;
  }

  /** Each account's credentials as they are now, renewed ones included (X rotates its tokens). */
  RenewedCredentials renewed() {
    return renewed;
  }

  /** Starts the background publisher; its first run reconciles what a crash left "publishing". */
  void start() {
    publisher.start();
  }

  @Override
  public void close() {
    publisher.stop();
    if (sandbox != null) {
      sandbox.stop();
    }
  }

  private static boolean hasInstagramAccount(JsonNode accounts) {
    for (JsonNode account : accounts) {
      if ("instagram".equals(account.path("platform").asText())) {
        return true;
      }
    }
    return false;
  }

  /** The publishing settings, checked together; every problem names its key. */
  record Options(
      Map<String, String> sandboxFailures,
      int maxAttempts,
      Duration firstRetry,
      Optional<String> publicBaseUrl) {

    static Options read(PluginSettings settings) throws InvalidConfigException {
      List<String> problems = new ArrayList<>();
      Map<String, String> failures = new LinkedHashMap<>();
      JsonNode given = settings.get("sandboxFailures");
      for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!entry.getValue().isTextual()) {
          problems.add(
              settings.pathOf("sandboxFailures")
                  + "."
                  + entry.getKey()
                  + ": expected a failure name such as \"rate-limit-once\"");
          continue;
        }
        failures.put(entry.getKey(), entry.getValue().textValue());
      }
      try {
        SandboxBehaviour.demo().withFailures(failures);
      } catch (IllegalArgumentException e) {
        problems.add(settings.pathOf("sandboxFailures") + e.getMessage().substring(8));
      }
      int attempts = settings.get("publishMaxAttempts").asInt();
      if (attempts < 1 || attempts > 50) {
        problems.add(settings.pathOf("publishMaxAttempts") + ": expected between 1 and 50");
      }
      int retrySeconds = settings.get("publishRetrySeconds").asInt();
      if (retrySeconds < 1 || retrySeconds > 3600) {
        problems.add(settings.pathOf("publishRetrySeconds") + ": expected between 1 and 3600");
      }
      String base = settings.get("publicBaseUrl").asText("").strip();
      if (!base.isEmpty() && !base.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
        problems.add(
            settings.pathOf("publicBaseUrl")
                + ": expected the intranet's public http(s) address, such as"
                + " \"https://intranet.example.org\"");
      } else if (base.matches("https?://[^/?#\\s]*@.*")) {
        // The address goes into links Instagram fetches and onto the settings page: no
        // user name or password in it, as no account's baseUrl has one.
        problems.add(
            settings.pathOf("publicBaseUrl")
                + ": a public address takes no user name or password (user@ or user:password@)");
      }
      if (base.isEmpty() && hasInstagramAccount(settings.get("accounts"))) {
        // Instagram fetches each post's image from a link to the intranet. Without the setting
        // the only address known is the intranet's own socket, which Instagram cannot reach (and
        // a request's Host header is the client's to forge).
        problems.add(
            settings.pathOf("publicBaseUrl")
                + ": required with an Instagram account, which fetches each post's image from this"
                + " address; give the intranet's public http(s) address, such as"
                + " \"https://intranet.example.org\"");
      }
      if (!problems.isEmpty()) {
        throw new InvalidConfigException(problems);
      }
      return new Options(
          failures,
          attempts,
          Duration.ofSeconds(retrySeconds),
          base.isEmpty() ? Optional.empty() : Optional.of(base.replaceAll("/+$", "")));
    }
  }
}
