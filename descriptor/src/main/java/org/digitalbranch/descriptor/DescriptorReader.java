package org.digitalbranch.descriptor;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.digitalbranch.descriptor.PluginDescriptor.Page;
import org.digitalbranch.descriptor.PluginDescriptor.Requires;
import org.digitalbranch.descriptor.PluginDescriptor.Role;
import org.digitalbranch.descriptor.PluginDescriptor.Search;
import org.digitalbranch.descriptor.PluginDescriptor.Setting;
import org.digitalbranch.descriptor.PluginDescriptor.SettingType;
import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.digitalbranch.descriptor.spi.SearchProvider;

/**
 * Reads and validates a plugin descriptor, reporting every problem at once, each prefixed by its
 * JSON path ({@code pages[2].role: unknown role "digital-branch.moderater"}).
 *
 * <p>Problems come in document order: the fields of an object in the order they appear, then the
 * required fields it lacks. A problem about the document as a whole has the path {@code $}.
 */
public final class DescriptorReader {

  /** Where a plugin JAR keeps its descriptor. */
  public static final String LOCATION = "META-INF/intranet-plugin.json";

  /** URL prefixes the host serves itself; a plugin may not mount on or under them. */
  public static final List<String> HOST_PATHS =
      List.of("/", "/login", "/logout", "/search", "/api", "/static");

  /**
   * The outcome of reading one descriptor: a descriptor when there are no problems, else the
   * problems in document order.
   */
  public record Result(PluginDescriptor descriptor, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** One descriptor found on a class loader, with where it was found. */
  public record Found(URL url, Result result) {}

  private static final Pattern REVERSE_DNS =
      Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
  private static final Pattern ROLE_ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
  private static final Pattern PAGE_ID = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern SETTING_KEY = Pattern.compile("[a-z][A-Za-z0-9]*");
  private static final Pattern SERVLET_VERSION = Pattern.compile("[0-9]+\\.[0-9]+");

  private static final List<String> TOP_LEVEL =
      List.of(
          "key",
          "name",
          "version",
          "description",
          "requires",
          "mount",
          "entry",
          "roles",
          "pages",
          "search",
          "settings");
  private static final List<String> TOP_LEVEL_REQUIRED =
      List.of("key", "name", "version", "description", "requires", "mount", "entry", "roles");
  private static final List<String> REQUIRES = List.of("java", "servlet");
  private static final List<String> ROLE = List.of("id", "description");
  private static final List<String> PAGE = List.of("id", "title", "path", "role");
  private static final List<String> SEARCH = List.of("provider", "title");
  private static final List<String> SETTING =
      List.of("key", "type", "default", "secret", "description");
  private static final List<String> SETTING_REQUIRED = List.of("key", "type", "description");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final ClassLoader classLoader;
  private final int javaFeature;

  /**
   * @param classLoader where the named entry and search provider classes must be found
   */
  public DescriptorReader(ClassLoader classLoader) {
    this(classLoader, Runtime.version().feature());
  }

  /**
   * @param classLoader where the named entry and search provider classes must be found
   * @param javaFeature the Java feature release the plugin will run on ({@code requires.java} may
   *     not exceed it)
   */
  public DescriptorReader(ClassLoader classLoader, int javaFeature) {
    this.classLoader = classLoader;
    this.javaFeature = javaFeature;
  }

  /** Reads one descriptor. Never throws for bad content: malformed JSON is a problem too. */
  public Result read(InputStream json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return failed("$: malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      return failed("$: cannot read the descriptor: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      return failed("$: the descriptor is empty");
    }
    if (!root.isObject()) {
      return failed("$: expected an object, got " + Values.describe(root));
    }
    return new Validation(root).run();
  }

  /**
   * Reads every {@value #LOCATION} the class loader can see, in the loader's order. The host uses
   * it for plugins on its own classpath.
   */
  public List<Found> readAll() throws IOException {
    List<Found> found = new ArrayList<>();
    for (URL url : Collections.list(classLoader.getResources(LOCATION))) {
      found.add(new Found(url, read(url)));
    }
    return found;
  }

  /** Reads the descriptor at a URL; a URL that cannot be opened is a problem, not an exception. */
  public Result read(URL url) {
    try {
      URLConnection connection = url.openConnection();
      // A cached JarURLConnection keeps the JAR open (and locked on Windows) after we are done.
      connection.setUseCaches(false);
      try (InputStream in = connection.getInputStream()) {
        return read(in);
      }
    } catch (IOException e) {
      return failed("$: cannot read the descriptor: " + e.getMessage());
    }
  }

  private static Result failed(String problem) {
    return new Result(null, List.of(problem));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** One pass over one descriptor tree; collects problems and, when there are none, the record. */
  private final class Validation {
    private final JsonNode root;
    private final List<String> problems = new ArrayList<>();

    private String key;
    private String name;
    private String version;
    private String description;
    private Integer java;
    private String servlet;
    private String mount;
    private String entry;
    private final List<Role> roles = new ArrayList<>();
    private final List<Page> pages = new ArrayList<>();
    private Search search;
    private final List<Setting> settings = new ArrayList<>();

    /** Role ids the document declares, or null when {@code roles} is unusable. */
    private final Set<String> declaredRoles;

    Validation(JsonNode root) {
      this.root = root;
      this.declaredRoles = declaredRoles(root.get("roles"));
    }

    Result run() {
      object(
          root,
          "",
          TOP_LEVEL,
          TOP_LEVEL_REQUIRED,
          (field, value) -> {
            String path = field;
            switch (field) {
              case "key" ->
                  key =
                      checked(
                          string(value, path),
                          REVERSE_DNS,
                          path,
                          "expected a reverse-DNS name such as \"org.example.news\"");
              case "name" -> name = string(value, path);
              case "version" -> version = version(value, path);
              case "description" -> description = string(value, path);
              case "requires" -> requires(value, path);
              case "mount" -> mount = mount(value, path);
              case "entry" -> entry = entry(value, path);
              case "roles" -> roles(value, path);
              case "pages" -> pages(value, path);
              case "search" -> search = search(value, path);
              case "settings" -> settings(value, path);
              default -> throw new IllegalStateException(field);
            }
          });
      if (!problems.isEmpty()) {
        return new Result(null, problems);
      }
      PluginDescriptor descriptor =
          new PluginDescriptor(
              key,
              name,
              version,
              description,
              new Requires(java, servlet),
              mount,
              entry,
              roles,
              pages,
              Optional.ofNullable(search),
              settings);
      return new Result(descriptor, List.of());
    }

    private Set<String> declaredRoles(JsonNode roles) {
      if (roles == null || !roles.isArray()) {
        return null;
      }
      Set<String> ids = new HashSet<>();
      for (JsonNode role : roles) {
        JsonNode id = role.get("id");
        if (id != null && id.isTextual()) {
          ids.add(id.textValue());
        }
      }
      return ids;
    }

    // ---- sections ---------------------------------------------------------------------------

    private String version(JsonNode value, String path) {
      String text = string(value, path);
      if (text != null && text.contains("${")) {
        problem(
            path,
            Values.quote(text)
                + " is an unfiltered Maven placeholder: turn on resource filtering for the"
                + " descriptor");
        return null;
      }
      return text;
    }

    private void requires(JsonNode value, String path) {
      object(
          value,
          path,
          REQUIRES,
          REQUIRES,
          (field, v) -> {
            String at = path + "." + field;
            if (field.equals("java")) {
              java = javaRelease(v, at);
            } else {
              String text = string(v, at);
              if (text != null && !SERVLET_VERSION.matcher(text).matches()) {
                problem(at, "expected a version such as \"6.0\", got " + Values.quote(text));
              } else {
                servlet = text;
              }
            }
          });
    }

    private Integer javaRelease(JsonNode value, String path) {
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        problem(path, "expected an integer, got " + Values.describe(value));
        return null;
      }
      int release = value.intValue();
      if (release < 1) {
        problem(path, "expected a Java feature release such as 21, got " + release);
        return null;
      }
      if (release > javaFeature) {
        problem(
            path, "the plugin needs Java " + release + " but this host runs Java " + javaFeature);
        return null;
      }
      return release;
    }

    private String mount(JsonNode value, String path) {
      String text = string(value, path);
      if (text == null) {
        return null;
      }
      if (text.equals("/")) {
        problem(path, "\"/\" is the host's own path: mount the plugin under a name of its own");
        return null;
      }
      String wrong = Paths.uncleanReason(text);
      if (wrong != null) {
        problem(path, Values.quote(text) + " " + wrong);
        return null;
      }
      for (String hostPath : HOST_PATHS) {
        if (!hostPath.equals("/") && (text.equals(hostPath) || text.startsWith(hostPath + "/"))) {
          problem(
              path, Values.quote(text) + " collides with the host's own path \"" + hostPath + "\"");
          return null;
        }
      }
      return text;
    }

    private String entry(JsonNode value, String path) {
      String className = string(value, path);
      if (className == null) {
        return null;
      }
      Class<?> type = loadImplementing(className, IntranetPlugin.class, path);
      if (type == null) {
        return null;
      }
      String subject = "class " + Values.quote(className);
      if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
        problem(path, subject + " is abstract: the host needs a class it can construct");
        return null;
      }
      if (!Modifier.isPublic(type.getModifiers())) {
        problem(path, subject + " is not public");
        return null;
      }
      try {
        type.getConstructor();
      } catch (NoSuchMethodException e) {
        problem(path, subject + " has no public no-argument constructor");
        return null;
      } catch (LinkageError e) {
        problem(path, subject + " cannot be loaded: " + e);
        return null;
      }
      return className;
    }

    private void roles(JsonNode value, String path) {
      Map<String, String> seen = new HashMap<>();
      array(
          value,
          path,
          (element, at) -> {
            Map<String, String> fields = new HashMap<>();
            int before = problems.size();
            object(
                element,
                at,
                ROLE,
                ROLE,
                (field, v) -> {
                  String fieldPath = at + "." + field;
                  String text = string(v, fieldPath);
                  if (field.equals("id")) {
                    text =
                        checked(
                            text,
                            ROLE_ID,
                            fieldPath,
                            "expected a lower-case role id such as \"news.editor\"");
                    text = unique(text, seen, fieldPath, at, "role");
                  }
                  fields.put(field, text);
                });
            if (problems.size() == before) {
              roles.add(new Role(fields.get("id"), fields.get("description")));
            }
          });
    }

    private void pages(JsonNode value, String path) {
      Map<String, String> seen = new HashMap<>();
      array(
          value,
          path,
          (element, at) -> {
            Map<String, String> fields = new HashMap<>();
            int before = problems.size();
            object(
                element,
                at,
                PAGE,
                PAGE,
                (field, v) -> {
                  String fieldPath = at + "." + field;
                  String text = string(v, fieldPath);
                  switch (field) {
                    case "id" -> {
                      text =
                          checked(
                              text,
                              PAGE_ID,
                              fieldPath,
                              "expected a lower-case page id such as \"queue\"");
                      text = unique(text, seen, fieldPath, at, "page");
                    }
                    case "path" -> text = text == null ? null : pagePath(text, fieldPath);
                    case "role" -> text = text == null ? null : pageRole(text, fieldPath);
                    default -> {}
                  }
                  fields.put(field, text);
                });
            if (problems.size() == before) {
              pages.add(
                  new Page(
                      fields.get("id"),
                      fields.get("title"),
                      fields.get("path"),
                      fields.get("role")));
            }
          });
    }

    private String pagePath(String text, String path) {
      if (text.equals("/")) {
        return text;
      }
      String wrong = Paths.uncleanReason(text);
      if (wrong != null) {
        problem(path, Values.quote(text) + " " + wrong + " (paths are relative to the mount)");
        return null;
      }
      return text;
    }

    private String pageRole(String role, String path) {
      if (declaredRoles != null && !declaredRoles.contains(role)) {
        problem(path, "unknown role " + Values.quote(role));
        return null;
      }
      return role;
    }

    private Search search(JsonNode value, String path) {
      String[] found = new String[2];
      object(
          value,
          path,
          SEARCH,
          SEARCH,
          (field, v) -> {
            String at = path + "." + field;
            String text = string(v, at);
            if (field.equals("provider")) {
              if (text != null && loadImplementing(text, SearchProvider.class, at) == null) {
                text = null;
              }
              found[0] = text;
            } else {
              found[1] = text;
            }
          });
      return found[0] == null || found[1] == null ? null : new Search(found[0], found[1]);
    }

    private void settings(JsonNode value, String path) {
      Map<String, String> seen = new HashMap<>();
      array(value, path, (element, at) -> setting(element, at, seen));
    }

    private void setting(JsonNode element, String path, Map<String, String> seen) {
      // Type and secrecy decide how the default is checked, wherever they sit in the object.
      SettingType type = element.isObject() ? SettingTypes.parse(element.get("type")) : null;
      JsonNode secretNode = element.isObject() ? element.get("secret") : null;
      boolean secret = secretNode != null && secretNode.isBoolean() && secretNode.booleanValue();
      int before = problems.size();
      String[] texts = new String[2];
      JsonNode[] defaultValue = new JsonNode[1];
      object(
          element,
          path,
          SETTING,
          SETTING_REQUIRED,
          (field, v) -> {
            String at = path + "." + field;
            switch (field) {
              case "key" -> {
                String text = string(v, at);
                if (text != null) {
                  text =
                      checked(
                          text,
                          SETTING_KEY,
                          at,
                          "expected a camelCase identifier such as \"pollSeconds\"");
                  text = unique(text, seen, at, path, "setting");
                }
                texts[0] = text;
              }
              case "type" -> {
                String text = string(v, at);
                if (text != null && type == null) {
                  problem(
                      at,
                      "unknown type "
                          + Values.quote(text)
                          + " (known: "
                          + SettingTypes.NAMES
                          + ")");
                }
              }
              case "default" -> defaultValue[0] = settingDefault(v, at, type, secret);
              case "secret" -> {
                if (!v.isBoolean()) {
                  problem(at, "expected a boolean, got " + Values.describe(v));
                }
              }
              case "description" -> texts[1] = string(v, at);
              default -> throw new IllegalStateException(field);
            }
          });
      if (problems.size() == before) {
        JsonNode given = defaultValue[0];
        settings.add(
            new Setting(
                texts[0],
                type,
                given == null || given.isNull() ? null : given.deepCopy(),
                secret,
                texts[1]));
      }
    }

    private JsonNode settingDefault(JsonNode value, String path, SettingType type, boolean secret) {
      if (secret && !Values.isEmpty(value)) {
        // Never echo the value: it may be the very secret someone pasted in.
        problem(
            path, "a secret setting may not have a default (give the value in the configuration)");
        return null;
      }
      if (type != null && !value.isNull() && !SettingTypes.matches(type, value)) {
        problem(path, "expected " + SettingTypes.article(type) + ", got " + Values.describe(value));
        return null;
      }
      return value;
    }

    // ---- class checks -----------------------------------------------------------------------

    private Class<?> loadImplementing(String className, Class<?> contract, String path) {
      String subject = "class " + Values.quote(className);
      Class<?> type;
      try {
        type = Class.forName(className, false, classLoader);
      } catch (ClassNotFoundException e) {
        problem(path, subject + " not found");
        return null;
      } catch (LinkageError e) {
        problem(path, subject + " cannot be loaded: " + e);
        return null;
      }
      if (contract.isAssignableFrom(type)) {
        return type;
      }
      if (Values.namesSupertype(type, contract.getName())) {
        problem(
            path,
            subject
                + " implements another copy of "
                + contract.getName()
                + ": the plugin must not bundle the descriptor module");
      } else {
        problem(path, subject + " does not implement " + contract.getName());
      }
      return null;
    }

    // ---- generic walking --------------------------------------------------------------------

    /**
     * Checks a JSON object: each field in document order (unknown ones are problems), then the
     * required fields it lacks.
     */
    private void object(
        JsonNode value,
        String path,
        List<String> known,
        List<String> required,
        BiConsumer<String, JsonNode> check) {
      if (!value.isObject()) {
        problem(path, "expected an object, got " + Values.describe(value));
        return;
      }
      value
          .properties()
          .forEach(
              property -> {
                String field = property.getKey();
                if (known.contains(field)) {
                  check.accept(field, property.getValue());
                } else {
                  problem(
                      Values.child(path, field),
                      "unknown field (known: " + String.join(", ", known) + ")");
                }
              });
      for (String field : required) {
        if (!value.has(field)) {
          problem(join(path, field), "required field is missing");
        }
      }
    }

    private interface ElementCheck {
      void check(JsonNode element, String path);
    }

    private void array(JsonNode value, String path, ElementCheck check) {
      if (!value.isArray()) {
        problem(path, "expected an array, got " + Values.describe(value));
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        check.check(value.get(i), path + "[" + i + "]");
      }
    }

    private String string(JsonNode value, String path) {
      if (!value.isTextual()) {
        problem(path, "expected a string, got " + Values.describe(value));
        return null;
      }
      if (value.textValue().isBlank()) {
        problem(path, "must not be empty");
        return null;
      }
      return value.textValue();
    }

    private String checked(String text, Pattern pattern, String path, String expectation) {
      if (text == null) {
        return null;
      }
      if (!pattern.matcher(text).matches()) {
        problem(path, expectation + ", got " + Values.quote(text));
        return null;
      }
      return text;
    }

    private String unique(
        String text, Map<String, String> seen, String path, String owner, String what) {
      if (text == null) {
        return null;
      }
      String first = seen.putIfAbsent(text, owner);
      if (first != null) {
        problem(path, "duplicate " + what + " " + Values.quote(text) + " (also " + first + ")");
        return null;
      }
      return text;
    }

    private void problem(String path, String message) {
      problems.add((path.isEmpty() ? "$" : path) + ": " + message);
    }

    private static String join(String path, String field) {
      return path.isEmpty() ? field : path + "." + field;
    }
  }
}
