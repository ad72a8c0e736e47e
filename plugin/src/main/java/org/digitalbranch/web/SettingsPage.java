package org.digitalbranch.web;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;

/**
 * The settings the plugin runs with, for admins. Read-only: the settings file is read and checked
 * once at start, so the page says where each value comes from and how to change it, rather than
 * offering a form whose changes would not take effect. No secret is shown, not even in part:
 * credentials are only said to be given.
 */
final class SettingsPage {

  private final DigitalBranchConfig config;
  private final DigitalBranchConfig running;
  private final Publishing.Options publishing;
  private final String store;
  private final boolean sandboxed;
  private final Duration reading;

  /**
   * @param config the settings as read from the file
   * @param running the accounts as they run (in the demo, pointed at the sandbox)
   * @param store where the store lives, as the start's log line says it
   * @param reading how often each account is read, as the ingestion runs
   */
  SettingsPage(
      DigitalBranchConfig config,
      DigitalBranchConfig running,
      Publishing.Options publishing,
      String store,
      boolean sandboxed,
      Duration reading) {
    this.reading = reading;
    this.config = config;
    this.running = running;
    this.publishing = publishing;
    this.store = store;
    this.sandboxed = sandboxed;
  }

  Router routes(Router pages) {
    return pages.get("settings", this::show);
  }

  void show(Exchange exchange) throws IOException {
    if (!exchange.actor().isAdmin()) {
      throw new HttpProblem.Forbidden("The settings page is for admins.");
    }
    List<Map<String, Object>> general = new ArrayList<>();
    setting(general, "timeZone", "Time zone", config.timeZone().getId());
    setting(
        general,
        "promotionLimitPercent",
        "Promotion limit",
        config.promotionLimitPercent()
            + " % of the last 30 days' posts; approving past it asks the moderator to confirm");
    setting(
        general,
        "pollSeconds",
        "Reading conversations",
        every((int) reading.toSeconds())
            + (reading.toSeconds() == config.pollSeconds()
                ? ""
                : " (the demo reads its sandboxes this often, whatever the setting)"));
    setting(
        general,
        "reviewRepliesOf",
        "Replies reviewed first",
        config.reviewRepliesOf().isEmpty()
            ? "nobody's: every reply goes out at once"
            : PageText.list(config.reviewRepliesOf())
                + (config.reviewRepliesOf().size() == 1
                    ? "'s replies wait"
                    : ": their replies wait")
                + " for a moderator's approval");
    setting(
        general,
        "metaHumanAgent",
        "Meta's Human Agent feature",
        switch (config.metaHumanAgent()) {
              case GRANTED ->
                  "granted: private answers on Messenger and Instagram go out up to 7 days after the"
                      + " patron's last message";
              case NOT_GRANTED ->
                  "not granted: private answers on Messenger and Instagram go out only within 24"
                      + " hours of the patron's last message";
              case NOT_SAID ->
                  "not said: an answer past 24 hours is tried with the Human Agent tag, and the"
                      + " conversation page says it may be refused";
            }
            + (sandboxed ? " (the demo's sandbox app has it)" : ""));
    setting(general, "maxBodyBytes", "Largest request", bytes(config.maxBodyBytes()));
    setting(general, "imageMaxBytes", "Largest image", bytes(config.imageMaxBytes()));
    setting(
        general,
        "publishMaxAttempts",
        "Publishing attempts",
        "given up after "
            + publishing.maxAttempts()
            + (publishing.maxAttempts() == 1 ? " failure" : " failures in a row")
            + "; a moderator may then retry");
    setting(
        general,
        "publishRetrySeconds",
        "First wait after a failure",
        seconds(publishing.firstRetry()) + ", doubling after each further failure");
    setting(
        general,
        "publicBaseUrl",
        "Address the platforms reach",
        publishing
            .publicBaseUrl()
            .orElse("not set: the intranet's own address, reachable only from this machine"));
    setting(general, "database", "Store", store);

    List<Map<String, Object>> accounts = new ArrayList<>();
    for (AccountConfig account : running.accounts()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", account.id());
      row.put("platform", account.platform().id());
      row.put("handle", account.handle());
      row.put(
          "address",
          sandboxed ? "the demo's sandbox" : AccountConnections.baseUrl(account).toString());
      row.put("team", account.team());
      row.put("noTeam", account.team().isEmpty());
      row.put("privateMessages", privateMessages(account));
      accounts.add(row);
    }

    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("general", general);
    scope.put("reasons", config.moderationReasons());
    scope.put("accounts", accounts);
    scope.put("noAccounts", accounts.isEmpty());
    scope.put("sandboxed", sandboxed);
    scope.put("accountsUrl", exchange.url("accounts"));
    exchange.page("Settings", "settings", scope);
  }

  private static void setting(
      List<Map<String, Object>> rows, String key, String label, String value) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("key", key);
    row.put("label", label);
    row.put("value", value);
    rows.add(row);
  }

  private static String every(int seconds) {
    return "every " + seconds + (seconds == 1 ? " second" : " seconds") + " per account";
  }

  private static String seconds(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds + (seconds == 1 ? " second" : " seconds");
  }

  private static String bytes(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return String.format(Locale.ROOT, "%,d MiB (%,d bytes)", bytes / (1024 * 1024), bytes);
    }
    return String.format(Locale.ROOT, "%,d bytes", bytes);
  }

  /**
   * Whether the account's private messages come into the archive: an admin who set {@code
   * directMessages} sees it took, and one who did not sees why a Page's messages are missing.
   */
  static String privateMessages(AccountConfig account) {
    return switch (account.platform()) {
      case MASTODON -> "read (direct mentions), and answered directly";
      case FACEBOOK ->
          account.directMessages()
              ? "read and answered through Messenger (directMessages)"
              : "not read: directMessages is off";
      case INSTAGRAM ->
          account.directMessages()
              ? "read and answered through the linked Facebook Page (directMessages, pageId)"
              : "not read: directMessages is off";
      case BLUESKY ->
          account.directMessages()
              ? "read and answered in Bluesky's chat (directMessages)"
              : "not read: directMessages is off";
      default -> "not read by this version";
    };
  }
}
