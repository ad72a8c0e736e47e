package org.digitalbranch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.digitalbranch.descriptor.EnvReferences;
import org.digitalbranch.descriptor.spi.PluginSettings;
import org.digitalbranch.platform.graph.GraphMessaging;

/**
 * The plugin's settings as typed values, built and validated once at start. Every problem names the
 * key path it concerns ({@code plugins.org.digitalbranch.accounts[1].platform: ...}), and all of
 * them are reported together so an administrator fixes the file in one go.
 *
 * @param timeZone the library's zone, for display and for schedules
 * @param promotionLimitPercent the promotion share above which an approval needs confirming
 * @param pollSeconds how often each account is polled
 * @param maxBodyBytes the largest request body accepted
 * @param imageMaxBytes the largest image a post may carry
 * @param moderationReasons the reasons a moderator may choose from
 * @param reviewRepliesOf the staff whose replies to customers wait for a moderator's approval (a
 *     pilot team, say); everyone else's go out at once
 * @param accounts the library's accounts, in configuration order
 * @param database where the primary store lives: SQLite in the data folder unless PostgreSQL is
 *     named
 * @param metaHumanAgent whether Meta has granted the library's app its Human Agent feature (private
 *     answers on Messenger and Instagram for 7 days, not 24 hours), or not said
 */
public record DigitalBranchConfig(
    ZoneId timeZone,
    int promotionLimitPercent,
    int pollSeconds,
    int maxBodyBytes,
    int imageMaxBytes,
    List<String> moderationReasons,
    List<String> reviewRepliesOf,
    List<AccountConfig> accounts,
    DatabaseSettings database,
    GraphMessaging.HumanAgent metaHumanAgent) {

  /** The host's demo users; in the demo every one of them works every demo account. */
  public static final List<String> DEMO_USERS =
      List.of("staff", "staff2", "moderator", "moderator2", "admin");

  /** In the demo, one staff member's replies are reviewed, so the pilot-team rule can be seen. */
  public static final List<String> DEMO_REVIEWED = List.of("staff2");

  private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z0-9-]+");
  private static final Set<String> ACCOUNT_FIELDS =
      Set.of("id", "platform", "handle", "baseUrl", "credentials", "team", "directMessages");

  /** A server's name as a handle carries it: labels of letters, digits and '-', with a dot. */
  private static final Pattern MASTODON_SERVER =
      Pattern.compile("(?i)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+");

  private static final String NO_USER_INFO =
      "a base URL takes no user name or password (they belong under \"credentials\")";

  /**
   * Everything of a URL-like text from after its scheme (or its start) to its last @: the part that
   * could hold a user name and password, whatever characters the password has (a "/" or "#" in it
   * ends the URL's authority early, so the URL's own parsing cannot be trusted to find it).
   */
  private static final Pattern USER_INFO = Pattern.compile("^((?:[A-Za-z][A-Za-z0-9+.-]*://)?).*@");

  private static final Set<String> DATABASE_FIELDS = Set.of("url", "user", "password");
  private static final int MIN_BODY_BYTES = 1024;

  public DigitalBranchConfig {
    moderationReasons = List.copyOf(moderationReasons);
    reviewRepliesOf = List.copyOf(reviewRepliesOf);
    accounts = List.copyOf(accounts);
  }

  /** Whether {@code user}'s replies wait for a moderator before they go out. */
  public boolean repliesReviewed(String user) {
    return reviewRepliesOf.contains(user);
  }

  public Optional<AccountConfig> account(String id) {
    return accounts.stream().filter(a -> a.id().equals(id)).findFirst();
  }

  /**
   * Reads and checks the settings.
   *
   * @param demo when true and no account is configured, one demo account per platform is created
   * @throws InvalidConfigException listing every problem found
   */
  public static DigitalBranchConfig from(PluginSettings settings, boolean demo)
      throws InvalidConfigException {
    return new Reader(settings).read(demo);
  }

  /**
   * One demo account per platform, each worked by every demo user; the Facebook Page's private
   * messages, the Instagram account's direct messages and the Bluesky account's chats are read. The
   * sandbox gives the credentials the demo runs with (the Instagram account's linked pageId among
   * them, {@code Publishing.pointedAtSandbox}).
   */
  public static List<AccountConfig> demoAccounts() {
    List<AccountConfig> accounts = new ArrayList<>();
    for (PlatformKind platform : PlatformKind.values()) {
      accounts.add(
          new AccountConfig(
              platform.id() + "-main",
              platform,
              demoHandle(platform),
              platform.defaultBaseUrl(),
              Credentials.of(Map.of("accessToken", "demo-" + platform.id())),
              DEMO_USERS,
              // The sandbox Page has Messenger conversations, the sandbox Instagram account direct
              // messages and the sandbox Bluesky account chats, as a library's have.
              platform == PlatformKind.FACEBOOK
                  || platform == PlatformKind.INSTAGRAM
                  || platform == PlatformKind.BLUESKY));
    }
    return accounts;
  }

  /**
   * The library the demo's sandbox platforms play (their customers write to @riversidelibrary), so
   * that every page names the same library as the conversations do; a test keeps the two equal.
   */
  private static String demoHandle(PlatformKind platform) {
    return switch (platform) {
      case FACEBOOK -> "Riverside Public Library";
      case INSTAGRAM -> "@riversidelibrary";
      case MASTODON -> "@riversidelibrary@sandbox.social";
      case BLUESKY -> "@riversidelibrary.sandbox.social";
      case X -> "@riversidelib";
    };
  }

  /** One validation pass: collects problems instead of stopping at the first. */
  private static final class Reader {
    private final PluginSettings settings;
    private final List<String> problems = new ArrayList<>();

    Reader(PluginSettings settings) {
      this.settings = settings;
    }

    DigitalBranchConfig read(boolean demo) throws InvalidConfigException {
      ZoneId timeZone = timeZone();
      int promotionLimit = integer("promotionLimitPercent", 0, 100);
      int pollSeconds = integer("pollSeconds", 5, 86_400);
      int maxBodyBytes = integer("maxBodyBytes", MIN_BODY_BYTES, Integer.MAX_VALUE);
      int imageMaxBytes = integer("imageMaxBytes", 1, Integer.MAX_VALUE);
      List<String> reasons = moderationReasons();
      List<String> reviewed = userNames("reviewRepliesOf");
      List<AccountConfig> accounts = accounts();
      DatabaseSettings database = database();
      GraphMessaging.HumanAgent humanAgent = humanAgent();
      if (!problems.isEmpty()) {
        throw new InvalidConfigException(problems);
      }
      if (demo && accounts.isEmpty()) {
        accounts = demoAccounts();
        if (reviewed.isEmpty()) {
          reviewed = DEMO_REVIEWED;
        }
        if (humanAgent == GraphMessaging.HumanAgent.NOT_SAID) {
          // The sandbox's Meta app has the feature, as a library's that applied for it has.
          humanAgent = GraphMessaging.HumanAgent.GRANTED;
        }
      }
      return new DigitalBranchConfig(
          timeZone,
          promotionLimit,
          pollSeconds,
          maxBodyBytes,
          imageMaxBytes,
          reasons,
          reviewed,
          accounts,
          database,
          humanAgent);
    }

    private GraphMessaging.HumanAgent humanAgent() {
      String key = "metaHumanAgent";
      JsonNode value = settings.get(key);
      if (value == null || value.isNull() || value.isMissingNode()) {
        return GraphMessaging.HumanAgent.NOT_SAID;
      }
      Optional<GraphMessaging.HumanAgent> known =
          value.isTextual()
              ? GraphMessaging.HumanAgent.fromSetting(value.textValue())
              : Optional.empty();
      if (known.isEmpty()) {
        problem(
            key,
            "expected \"granted\", \"not granted\" or \"\" (not known), got " + describe(value));
        return GraphMessaging.HumanAgent.NOT_SAID;
      }
      return known.get();
    }

    private ZoneId timeZone() {
      String key = "timeZone";
      JsonNode value = settings.get(key);
      if (!value.isTextual()) {
        problem(key, "expected a time zone name such as \"America/Chicago\"");
        return null;
      }
      try {
        return ZoneId.of(value.textValue());
      } catch (DateTimeException e) {
        problem(key, "unknown time zone " + shown(value, value.textValue()));
        return null;
      }
    }

    private int integer(String key, int min, int max) {
      JsonNode value = settings.get(key);
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        problem(key, "expected a whole number, got " + describe(value));
        return 0;
      }
      int number = value.intValue();
      if (number < min || number > max) {
        String range =
            max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
        problem(key, "expected " + range + ", got " + number);
      }
      return number;
    }

    private List<String> moderationReasons() {
      String key = "moderationReasons";
      JsonNode value = settings.get(key);
      List<String> reasons = new ArrayList<>();
      if (!value.isArray()) {
        problem(key, "expected an array of reasons, got " + describe(value));
        return reasons;
      }
      if (value.isEmpty()) {
        problem(key, "give at least one reason a moderator can choose");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < value.size(); i++) {
        JsonNode reason = value.get(i);
        String at = key + "[" + i + "]";
        if (!reason.isTextual() || reason.textValue().isBlank()) {
          problem(at, "expected a non-empty text, got " + describe(reason));
        } else if (!seen.add(reason.textValue().strip())) {
          problem(at, "duplicate reason " + shown(reason, reason.textValue().strip()));
        } else {
          reasons.add(reason.textValue().strip());
        }
      }
      return reasons;
    }

    /** A list of user names, perhaps empty; a name given twice is a mistake worth naming. */
    private List<String> userNames(String key) {
      JsonNode value = settings.get(key);
      List<String> names = new ArrayList<>();
      if (value == null || value.isNull() || value.isMissingNode()) {
        return names;
      }
      if (!value.isArray()) {
        problem(key, "expected an array of user names, got " + describe(value));
        return names;
      }
      for (int i = 0; i < value.size(); i++) {
        JsonNode name = value.get(i);
        String at = key + "[" + i + "]";
        if (!name.isTextual() || name.textValue().isBlank()) {
          problem(at, "expected a user name, got " + describe(name));
        } else if (names.contains(name.textValue().strip())) {
          problem(at, "duplicate user name " + shown(name, name.textValue().strip()));
        } else {
          names.add(name.textValue().strip());
        }
      }
      return names;
    }

    /**
     * Nothing, or an empty object: SQLite in the data folder. Otherwise a PostgreSQL database. The
     * setting is declared secret, so no message here repeats what was given.
     */
    private DatabaseSettings database() {
      String key = "database";
      JsonNode value = settings.get(key);
      if (value == null
          || value.isNull()
          || value.isMissingNode()
          || (value.isObject() && value.isEmpty())) {
        return DatabaseSettings.sqlite();
      }
      if (!value.isObject()) {
        problem(
            key, "expected an object such as {\"url\": \"jdbc:postgresql://...\", \"user\": ...}");
        return null;
      }
      int before = problems.size();
      for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
        String field = names.next();
        if (!DATABASE_FIELDS.contains(field)) {
          problem(key + "." + field, "unknown field (expected url, user, password)");
        }
      }
      String url = requiredText(value, key, "url");
      if (url != null && !url.startsWith(DatabaseSettings.POSTGRESQL_PREFIX)) {
        problem(
            key + ".url",
            "expected a PostgreSQL JDBC URL such as"
                + " \"jdbc:postgresql://db.example.org:5432/digitalbranch\" (leave database out"
                + " to keep the store in SQLite in the data folder)");
      } else if (url != null && url.toLowerCase(Locale.ROOT).contains("password=")) {
        // The URL is shown in logs and errors; the password must live where nothing shows it.
        problem(key + ".url", "put the password in " + key + ".password, not in the URL");
      } else if (url != null && hasUserInfo(url)) {
        problem(
            key + ".url",
            "put the user in "
                + key
                + ".user and the password in "
                + key
                + ".password, not in"
                + " the URL");
      }
      String user = requiredText(value, key, "user");
      JsonNode passwordNode = value.get("password");
      String password = null;
      if (passwordNode != null && !passwordNode.isNull()) {
        if (!passwordNode.isTextual() || passwordNode.textValue().isEmpty()) {
          problem(key + ".password", "expected a non-empty text (or ${env:NAME})");
        } else {
          password = passwordNode.textValue();
        }
      }
      if (problems.size() > before) {
        return null;
      }
      return DatabaseSettings.postgresql(url, user, password);
    }

    /** {@code jdbc:postgresql://user:secret@host/db}: the driver refuses it, and logs show it. */
    private static boolean hasUserInfo(String url) {
      String rest = url.substring(DatabaseSettings.POSTGRESQL_PREFIX.length());
      int end = rest.length();
      for (char stop : new char[] {'/', '?'}) {
        int at = rest.indexOf(stop);
        if (at >= 0 && at < end) {
          end = at;
        }
      }
      return rest.substring(0, end).contains("@");
    }

    private List<AccountConfig> accounts() {
      String key = "accounts";
      JsonNode value = settings.get(key);
      List<AccountConfig> accounts = new ArrayList<>();
      if (!value.isArray()) {
        problem(key, "expected an array of accounts, got " + describe(value));
        return accounts;
      }
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < value.size(); i++) {
        AccountConfig account = account(value.get(i), key + "[" + i + "]", ids);
        if (account != null) {
          accounts.add(account);
        }
      }
      return accounts;
    }

    private AccountConfig account(JsonNode node, String at, Set<String> ids) {
      if (!node.isObject()) {
        problem(at, "expected an object, got " + describe(node));
        return null;
      }
      int before = problems.size();
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String field = names.next();
        if (!ACCOUNT_FIELDS.contains(field)) {
          problem(
              at + "." + field,
              "unknown field (expected id, platform, handle, baseUrl, credentials, team,"
                  + " directMessages)");
        }
      }
      String id = requiredText(node, at, "id");
      if (id != null && !ACCOUNT_ID.matcher(id).matches()) {
        problem(
            at + ".id",
            "expected lower-case letters, digits and '-', got " + shown(node.get("id"), id));
      } else if (id != null && !ids.add(id)) {
        problem(at + ".id", "duplicate account id " + shown(node.get("id"), id));
      }
      String platformName = requiredText(node, at, "platform");
      PlatformKind platform = null;
      if (platformName != null) {
        platform = PlatformKind.byId(platformName).orElse(null);
        if (platform == null) {
          problem(at + ".platform", "expected one of " + PlatformKind.allIds());
        }
      }
      String handle = requiredText(node, at, "handle");
      URI baseUrl = baseUrl(node.get("baseUrl"), at + ".baseUrl");
      Credentials credentials = credentials(node.get("credentials"), at + ".credentials", platform);
      List<String> team = team(node.get("team"), at + ".team");
      boolean directMessages =
          directMessages(node.get("directMessages"), at, platform, credentials);
      if (baseUrl == null && platform == PlatformKind.MASTODON && handle != null) {
        // Mastodon has no central server: the account's token goes to the server its handle
        // names, never to a default one run by someone else.
        baseUrl = mastodonServer(handle);
        if (baseUrl == null) {
          problem(
              at + ".baseUrl",
              "a Mastodon account needs its server: give baseUrl (\"https://example.social\") or"
                  + " a handle with the server in it (\"@library@example.social\"), got handle "
                  + shown(node.get("handle"), handle));
        }
      }
      if (problems.size() > before) {
        return null;
      }
      return new AccountConfig(
          id,
          platform,
          handle,
          baseUrl == null ? platform.defaultBaseUrl() : baseUrl,
          credentials,
          team,
          directMessages);
    }

    /**
     * Whether a Facebook Page's private messages, an Instagram account's direct messages (through
     * its Page) or a Bluesky account's chats are read: true or false, on those three only.
     * Mastodon's direct messages are statuses and always read; the other platforms' are not read by
     * this version, and saying so beats a setting that silently does nothing.
     */
    private boolean directMessages(
        JsonNode value, String at, PlatformKind platform, Credentials credentials) {
      if (value == null || value.isNull()) {
        return false;
      }
      if (!value.isBoolean()) {
        problem(at + ".directMessages", "expected true or false, got " + describe(value));
        return false;
      }
      if (value.booleanValue()
          && platform != null
          && platform != PlatformKind.FACEBOOK
          && platform != PlatformKind.INSTAGRAM
          && platform != PlatformKind.BLUESKY) {
        problem(
            at + ".directMessages",
            platform == PlatformKind.MASTODON
                ? "a Mastodon account's direct messages are always read; leave this out"
                : "only a Facebook Page's private messages (Messenger), an Instagram account's"
                    + " direct messages and a Bluesky account's chats can be read; "
                    + platform.id()
                    + "'s are not read by this version");
        return false;
      }
      if (value.booleanValue()
          && platform == PlatformKind.INSTAGRAM
          && (credentials == null || credentials.get("pageId").isEmpty())) {
        // Meta serves an Instagram account's direct messages through the Facebook Page linked to
        // it, not through the account: without the Page every read would fail.
        problem(
            at + ".credentials.pageId",
            "an Instagram account's direct messages are read and answered through the Facebook"
                + " Page it is linked to: give that Page's id (and the Page's access token as"
                + " accessToken), or leave directMessages out");
        return false;
      }
      return value.booleanValue();
    }

    /** {@code https://example.social} for {@code @library@example.social}; null without one. */
    private static URI mastodonServer(String handle) {
      String[] parts = handle.replaceFirst("^@", "").split("@", -1);
      if (parts.length != 2 || !MASTODON_SERVER.matcher(parts[1]).matches()) {
        return null;
      }
      return URI.create("https://" + parts[1].toLowerCase(Locale.ROOT));
    }

    private String requiredText(JsonNode node, String at, String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        problem(at + "." + field, "required field is missing");
        return null;
      }
      if (!value.isTextual() || value.textValue().isBlank()) {
        problem(at + "." + field, "expected a non-empty text, got " + describe(value));
        return null;
      }
      return value.textValue().strip();
    }

    private URI baseUrl(JsonNode value, String at) {
      if (value == null || value.isNull()) {
        return null;
      }
      String hint = "expected an absolute http(s) URL such as \"https://example.social\"";
      if (!value.isTextual()) {
        problem(at, hint + ", got " + describe(value));
        return null;
      }
      // A user name and password in the address are never repeated, even in a malformed one, nor
      // when the rest of it comes from ${env:...}: the message shows the text as written, masked.
      String written =
          value instanceof EnvReferences.Referenced referenced
              ? referenced.written()
              : value.textValue();
      String masked = USER_INFO.matcher(written).replaceFirst("$1***@");
      String shown = quote(masked);
      try {
        URI uri = new URI(value.textValue());
        boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        // An "@" with no host found is a user name and password whose "/" or "#" broke the URL.
        boolean mangledUserInfo =
            value.textValue().contains("@") && (!web || uri.getHost() == null);
        if (uri.getRawUserInfo() != null || mangledUserInfo) {
          problem(at, NO_USER_INFO + ", got " + shown);
          return null;
        }
        if (!web || uri.getHost() == null) {
          problem(at, hint + ", got " + shown);
          return null;
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
          // Not repeated either: a token is what people put in a query.
          problem(
              at,
              "a base URL takes no query or fragment, got "
                  + quote(beforeQuery(masked))
                  + " followed by one");
          return null;
        }
        return uri;
      } catch (URISyntaxException e) {
        problem(at, (value.textValue().contains("@") ? NO_USER_INFO : hint) + ", got " + shown);
        return null;
      }
    }

    /** {@code platform} null when the account's own is unknown: its names are then not checked. */
    private Credentials credentials(JsonNode value, String at, PlatformKind platform) {
      if (value == null || value.isNull()) {
        return Credentials.none();
      }
      if (!value.isObject()) {
        // Never echo the value: it is probably the secret itself.
        problem(at, "expected an object of named secrets such as {\"accessToken\": \"...\"}");
        return null;
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (platform != null && !platform.credentialNames().contains(entry.getKey())) {
          // Names are not secret; the value is never shown.
          problem(
              at + "." + entry.getKey(),
              "unknown credential for "
                  + platform.id()
                  + " (expected "
                  + String.join(", ", platform.credentialNames())
                  + ")");
        } else if (!entry.getValue().isTextual() || entry.getValue().textValue().isEmpty()) {
          problem(at + "." + entry.getKey(), "expected a non-empty text");
        } else {
          values.put(entry.getKey(), entry.getValue().textValue());
        }
      }
      return Credentials.of(values);
    }

    private List<String> team(JsonNode value, String at) {
      List<String> team = new ArrayList<>();
      if (value == null || value.isNull()) {
        return team;
      }
      if (!value.isArray()) {
        problem(at, "expected an array of user names, got " + describe(value));
        return team;
      }
      for (int i = 0; i < value.size(); i++) {
        JsonNode member = value.get(i);
        if (!member.isTextual() || member.textValue().isBlank()) {
          problem(at + "[" + i + "]", "expected a user name, got " + describe(member));
        } else if (!team.contains(member.textValue().strip())) {
          team.add(member.textValue().strip());
        }
      }
      return team;
    }

    private void problem(String relativePath, String message) {
      int dot = relativePath.indexOf('.');
      int bracket = relativePath.indexOf('[');
      int end = relativePath.length();
      if (dot >= 0) {
        end = dot;
      }
      if (bracket >= 0 && bracket < end) {
        end = bracket;
      }
      String key = relativePath.substring(0, end);
      problems.add(settings.pathOf(key) + relativePath.substring(end) + ": " + message);
    }

    private static String quote(String text) {
      String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
      return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * A text as a problem shows it: quoted, or by its {@code ${env:NAME}} reference when it came
     * from the environment, which is where secrets are kept whatever setting they are used for.
     */
    /** The address up to its query or fragment, which are never repeated. */
    private static String beforeQuery(String address) {
      int end = address.length();
      for (char mark : new char[] {'?', '#'}) {
        int at = address.indexOf(mark);
        if (at >= 0 && at < end) {
          end = at;
        }
      }
      return address.substring(0, end);
    }

    private static String shown(JsonNode node, String text) {
      return EnvReferences.shown(node).orElseGet(() -> quote(text));
    }

    private static String describe(JsonNode value) {
      if (value == null || value.isNull() || value.isMissingNode()) {
        return "nothing";
      }
      Optional<String> reference = EnvReferences.shown(value);
      if (reference.isPresent()) {
        return reference.get();
      }
      if (value.isTextual()) {
        return "the text " + quote(value.textValue());
      }
      if (value.isNumber()) {
        return "the number " + value.asText();
      }
      if (value.isBoolean()) {
        return value.asText();
      }
      return value.isArray() ? "an array" : "an object";
    }
  }
}
