package org.digitalbranch.intranet.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.digitalbranch.descriptor.EnvReferences;
import org.digitalbranch.intranet.auth.PasswordHash;

/**
 * Reads the intranet's JSON settings file (DESIGN.md §8) into an {@link IntranetConfig}. Every
 * problem is collected, each starting with the key it concerns, so one run shows them all.
 */
public final class ConfigReader {

  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  /** Jackson's wording before what it expected: "...: was expecting X" or "...: expected X". */
  private static final Pattern EXPECTED = Pattern.compile(": (?:was expecting|expected) ");

  private static final String JACKSON_VALUES =
      "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
  private static final String ANY_VALUE =
      "a value: a string in double quotes, a number, an array, an object, true, false or null";

  private static final String HASH_EXPECTED =
      "expected a " + PasswordHash.SCHEME + " hash printed by \"hash-password\"";

  private final ObjectMapper json =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private final Function<String, String> environment;

  /**
   * @param environment looks up environment variables for {@code ${env:NAME}}; null when unset
   */
  public ConfigReader(Function<String, String> environment) {
    this.environment = environment;
  }

  public IntranetConfig read(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(file + ": cannot be read: no such file"));
    } catch (AccessDeniedException e) {
      throw new ConfigException(
          List.of(
              file
                  + ": cannot be read: permission denied; give the user the intranet runs as read"
                  + " access"));
    } catch (IOException e) {
      throw new ConfigException(
          List.of(
              file
                  + ": cannot be read: "
                  + (Files.isDirectory(file)
                      ? "it is a folder; give the settings file in it"
                      : e.getMessage())));
    }
    return parse(text, file.toString());
  }

  /** Reads settings text; {@code source} names it in the message when the JSON is malformed. */
  public IntranetConfig parse(String text, String source) throws ConfigException {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JacksonException e) {
      throw new ConfigException(
          List.of(source + ": not valid JSON: " + expectation(e) + locationOf(e)));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(List.of(source + ": expected a JSON object"));
    }
    EnvReferences.Result resolved = EnvReferences.resolve(root, environment);
    List<String> problems = new ArrayList<>();
    root = resolved.tree();
    unknownKeys(root, "", Set.of("server", "dataDir", "users", "plugins"), problems);

    int port = IntranetConfig.DEFAULT_PORT;
    String bind = IntranetConfig.DEFAULT_BIND;
    boolean behindProxy = false;
    int maxConnections = IntranetConfig.DEFAULT_MAX_CONNECTIONS;
    JsonNode server = root.path("server");
    if (!server.isMissingNode()) {
      if (!server.isObject()) {
        problems.add(
            "server: expected an object with \"port\", \"bind\", \"behindProxy\" and"
                + " \"maxConnections\"");
      } else {
        unknownKeys(
            server, "server.", Set.of("port", "bind", "behindProxy", "maxConnections"), problems);
        JsonNode portNode = server.path("port");
        if (!portNode.isMissingNode()) {
          if (portNode.isInt() && portNode.intValue() >= 0 && portNode.intValue() <= 65535) {
            port = portNode.intValue();
          } else {
            problems.add(
                "server.port: expected a whole number from 0 to 65535, got " + shown(portNode));
          }
        }
        JsonNode proxyNode = server.path("behindProxy");
        if (!proxyNode.isMissingNode()) {
          if (proxyNode.isBoolean()) {
            behindProxy = proxyNode.booleanValue();
          } else {
            problems.add("server.behindProxy: expected true or false, got " + shown(proxyNode));
          }
        }
        JsonNode limitNode = server.path("maxConnections");
        if (!limitNode.isMissingNode()) {
          if (limitNode.isIntegralNumber()
              && limitNode.canConvertToInt()
              && IntranetConfig.isValidMaxConnections(limitNode.intValue())) {
            maxConnections = limitNode.intValue();
          } else {
            problems.add(IntranetConfig.maxConnectionsProblem(shown(limitNode)));
          }
        }
        JsonNode bindNode = server.path("bind");
        if (!bindNode.isMissingNode()) {
          if (bindNode.isTextual() && !bindNode.textValue().isBlank()) {
            bind = bindNode.textValue();
          } else {
            problems.add(
                "server.bind: expected an address to listen on, such as \"127.0.0.1\", got "
                    + shown(bindNode));
          }
        }
      }
    }

    Path dataDir = IntranetConfig.DEFAULT_DATA_DIR;
    JsonNode dataNode = root.path("dataDir");
    if (!dataNode.isMissingNode()) {
      if (dataNode.isTextual() && !dataNode.textValue().isBlank()) {
        try {
          dataDir = Path.of(dataNode.textValue());
        } catch (InvalidPathException e) {
          problems.add(
              "dataDir: expected a folder path, got "
                  + shown(dataNode)
                  + " ("
                  + e.getReason()
                  + ")");
        }
      } else {
        problems.add("dataDir: expected a folder path as a string, got " + shown(dataNode));
      }
    }

    List<ConfiguredUser> users = users(root.path("users"), problems);
    Map<String, JsonNode> plugins = plugins(root.path("plugins"), problems);

    if (!resolved.problems().isEmpty() || !problems.isEmpty()) {
      throw new ConfigException(withoutEchoes(resolved.problems(), problems));
    }
    return new IntranetConfig(
        port, bind, behindProxy, dataDir, users, plugins, false, true, maxConnections);
  }

  private List<ConfiguredUser> users(JsonNode node, List<String> problems) {
    if (!node.isArray() || node.isEmpty()) {
      problems.add(
          "users: expected a list of at least one user with \"name\", \"displayName\","
              + " \"roles\" and \"passwordHash\"");
      return List.of();
    }
    List<ConfiguredUser> users = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String at = "users[" + i + "]";
      JsonNode user = node.get(i);
      if (!user.isObject()) {
        problems.add(
            at
                + ": expected an object with \"name\", \"displayName\", \"roles\" and"
                + " \"passwordHash\"");
        continue;
      }
      int before = problems.size();
      unknownKeys(user, at + ".", Set.of("name", "displayName", "roles", "passwordHash"), problems);
      JsonNode name = user.path("name");
      if (!name.isTextual() || !USER_NAME.matcher(name.textValue()).matches()) {
        problems.add(at + ".name: expected 1 to 64 letters, digits or . _ @ -, got " + shown(name));
      } else if (!names.add(name.textValue())) {
        problems.add(at + ".name: " + shown(name) + " is already used by another user");
      }
      JsonNode displayName = user.path("displayName");
      if (!displayName.isTextual() || displayName.textValue().isBlank()) {
        problems.add(
            at + ".displayName: expected the name shown to others, got " + shown(displayName));
      }
      Set<String> roles = new LinkedHashSet<>();
      JsonNode rolesNode = user.path("roles");
      if (!rolesNode.isArray()) {
        problems.add(
            at
                + ".roles: expected a list of role ids such as \"digital-branch.staff\","
                + " got "
                + shown(rolesNode));
      } else {
        for (int r = 0; r < rolesNode.size(); r++) {
          JsonNode role = rolesNode.get(r);
          if (role.isTextual() && !role.textValue().isBlank()) {
            roles.add(role.textValue());
          } else {
            problems.add(at + ".roles[" + r + "]: expected a role id, got " + shown(role));
          }
        }
      }
      PasswordHash hash = passwordHash(user.path("passwordHash"), at, problems);
      if (problems.size() == before) {
        users.add(new ConfiguredUser(name.textValue(), displayName.textValue(), roles, hash));
      }
    }
    return users;
  }

  private static PasswordHash passwordHash(JsonNode node, String at, List<String> problems) {
    String key = at + ".passwordHash";
    if (!node.isTextual()) {
      problems.add(key + ": " + HASH_EXPECTED);
      return null;
    }
    // The value is never echoed: a plain password pasted here by mistake must not reach a log.
    PasswordHash hash = PasswordHash.parse(node.textValue()).orElse(null);
    if (hash == null) {
      problems.add(key + ": " + HASH_EXPECTED + " (plain and MD5 passwords are refused)");
      return null;
    }
    if (hash.iterations() < PasswordHash.MINIMUM_ITERATIONS) {
      problems.add(
          key
              + ": expected at least "
              + PasswordHash.MINIMUM_ITERATIONS
              + " iterations, got "
              + hash.iterations()
              + "; print a new hash with \"hash-password\"");
      return null;
    }
    return hash;
  }

  private static Map<String, JsonNode> plugins(JsonNode node, List<String> problems) {
    if (node.isMissingNode()) {
      return Map.of();
    }
    if (!node.isObject()) {
      problems.add("plugins: expected an object holding each plugin's settings under its key");
      return Map.of();
    }
    Map<String, JsonNode> plugins = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isObject()) {
        plugins.put(entry.getKey(), entry.getValue());
      } else {
        problems.add(
            "plugins."
                + entry.getKey()
                + ": expected an object with the plugin's"
                + " settings, got "
                + entry.getValue().getNodeType().name().toLowerCase());
      }
    }
    return plugins;
  }

  /**
   * A value as a problem shows it: as JSON, or by its {@code ${env:NAME}} reference when it came
   * from the environment, where secrets are kept whatever key they are used under. A list or an
   * object is named by its kind, as the plugin's checks name it: written out, it would show the
   * values from the environment inside it.
   */
  private static String shown(JsonNode value) {
    if (value.isArray()) {
      return "a list";
    }
    if (value.isObject()) {
      return "an object";
    }
    return EnvReferences.shown(value).orElseGet(value::toString);
  }

  private static void unknownKeys(
      JsonNode object, String prefix, Set<String> known, List<String> problems) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        problems.add(
            prefix
                + key
                + ": unknown key; expected one of "
                + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  /**
   * A value whose {@code ${env:NAME}} could not be resolved is also invalid as written; saying so
   * twice would hide the real cause, so only the environment problem is kept for that key.
   */
  private static List<String> withoutEchoes(List<String> environment, List<String> others) {
    Set<String> unresolvedKeys = new HashSet<>();
    for (String problem : environment) {
      unresolvedKeys.add(keyOf(problem));
    }
    List<String> all = new ArrayList<>(environment);
    for (String problem : others) {
      if (!unresolvedKeys.contains(keyOf(problem))) {
        all.add(problem);
      }
    }
    return all;
  }

  private static String keyOf(String problem) {
    int colon = problem.indexOf(": ");
    return colon < 0 ? problem : problem.substring(0, colon);
  }

  /**
   * What the parser expected, without what it found: Jackson quotes the text it stumbled on, and a
   * token pasted without its quotes ({@code "accessToken": EAAG...}) would reach the log whole.
   */
  static String expectation(JacksonException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof StreamReadException && message.startsWith("Duplicate field ")) {
      // The key, not a value: "Duplicate field 'users'" names what to look for.
      return "a key given twice (" + message.substring("Duplicate field ".length()) + ")";
    }
    if (message.startsWith("Illegal unquoted character")) {
      return "expected a line break or other control character in a string to be escaped"
          + " (\\n, \\t)";
    }
    if (message.startsWith("Invalid numeric value")) {
      return "expected a number as JSON writes it (no leading zero, + sign or trailing point)";
    }
    Matcher expected = EXPECTED.matcher(message);
    if (!expected.find()) {
      return message.startsWith("Unexpected end-of-input")
          ? "the file ends too early"
          : "unexpected text here";
    }
    String what =
        message
            .substring(expected.end())
            .replace("a valid value " + JACKSON_VALUES, ANY_VALUE)
            .replace(JACKSON_VALUES, ANY_VALUE);
    // Where an open array or object started is Jackson's own location format; ours is added after.
    int start = what.indexOf(" (for ");
    if (start < 0) {
      start = what.indexOf(" (start marker");
    }
    what = start < 0 ? what : what.substring(0, start);
    return "expected " + (what.startsWith("(") ? what.substring(1, what.length() - 1) : what);
  }

  private static String locationOf(JacksonException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
