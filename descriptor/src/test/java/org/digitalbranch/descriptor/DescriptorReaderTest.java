package org.digitalbranch.descriptor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.digitalbranch.descriptor.PluginDescriptor.Page;
import org.digitalbranch.descriptor.PluginDescriptor.Requires;
import org.digitalbranch.descriptor.PluginDescriptor.Role;
import org.digitalbranch.descriptor.PluginDescriptor.Search;
import org.digitalbranch.descriptor.PluginDescriptor.Setting;
import org.digitalbranch.descriptor.PluginDescriptor.SettingType;
import org.digitalbranch.descriptor.fixtures.TestPlugin;
import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DescriptorReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIXTURES = "org.digitalbranch.descriptor.fixtures.";

  private final DescriptorReader reader = new DescriptorReader(getClass().getClassLoader(), 21);

  @Test
  void aCompleteDescriptorReadsIntoItsRecord() throws IOException {
    DescriptorReader.Result result = read(validText());

    assertThat(result.problems()).isEmpty();
    assertThat(result.ok()).isTrue();
    assertThat(result.descriptor())
        .isEqualTo(
            new PluginDescriptor(
                "org.example.news",
                "News",
                "1.4.0",
                "Announcements for staff.",
                new Requires(21, "6.0"),
                "/news",
                FIXTURES + "TestPlugin",
                List.of(
                    new Role("news.reader", "Reads announcements."),
                    new Role("news.editor", "Writes and publishes announcements.")),
                List.of(
                    new Page("latest", "Latest news", "/", "news.reader"),
                    new Page("write", "Write", "/write", "news.editor")),
                Optional.of(new Search(FIXTURES + "TestSearch", "News")),
                List.of(
                    new Setting(
                        "pageSize",
                        SettingType.INTEGER,
                        IntNode.valueOf(20),
                        false,
                        "Announcements per page."),
                    new Setting("apiToken", SettingType.STRING, null, true, "Token for the feed."),
                    new Setting(
                        "sources",
                        SettingType.ARRAY,
                        JsonNodeFactory.instance.arrayNode(),
                        false,
                        "Feeds to follow."))));
  }

  @Test
  void onlyTheRequiredFieldsAreEnough() {
    DescriptorReader.Result result =
        read(
            """
            {"key": "org.example.tiny", "name": "Tiny", "version": "1", "description": "Small.",
             "requires": {"java": 21, "servlet": "6.0"}, "mount": "/tiny",
             "entry": "org.digitalbranch.descriptor.fixtures.TestPlugin", "roles": []}
            """);

    assertThat(result.problems()).isEmpty();
    assertThat(result.descriptor().pages()).isEmpty();
    assertThat(result.descriptor().search()).isEmpty();
    assertThat(result.descriptor().settings()).isEmpty();
  }

  @Test
  void malformedJsonIsOneProblemNamingLineAndColumn() {
    DescriptorReader.Result result = read("{\n  \"key\": \"org.example.news\",\n  \"name\": }\n");

    assertThat(result.descriptor()).isNull();
    assertThat(result.problems())
        .containsExactly(
            "$: malformed JSON at line 3, column 11: Unexpected character ('}' (code 125)):"
                + " expected a value");
  }

  @Test
  void anEmptyDocumentIsAProblem() {
    assertThat(read("  ").problems()).containsExactly("$: the descriptor is empty");
  }

  @Test
  void theTopLevelMustBeAnObject() {
    assertThat(read("[1, 2]").problems()).containsExactly("$: expected an object, got an array");
  }

  @Test
  void aDuplicatedFieldIsMalformed() {
    assertThat(read("{\"key\": \"org.a.b\", \"key\": \"org.c.d\"}").problems())
        .containsExactly("$: malformed JSON at line 1, column 25: Duplicate field 'key'");
  }

  @Test
  void theEntryClassIsCheckedWithoutBeingInitialised() {
    DescriptorReader.Result result = read(with("{\"entry\": \"" + FIXTURES + "ExplodingPlugin\"}"));

    assertThat(result.problems()).isEmpty();
  }

  @Test
  void aJavaReleaseAboveTheRunningOneIsRefused() {
    DescriptorReader running = new DescriptorReader(getClass().getClassLoader());
    int feature = Runtime.version().feature();

    DescriptorReader.Result result =
        running.read(
            stream(
                with("{\"requires\": {\"java\": " + (feature + 1) + ", \"servlet\": \"6.0\"}}")));

    assertThat(result.problems())
        .containsExactly(
            "requires.java: the plugin needs Java "
                + (feature + 1)
                + " but this host runs Java "
                + feature);
  }

  @Test
  void everyProblemIsReportedAtOnceInDocumentOrder() {
    DescriptorReader.Result result =
        read(
            """
            {
              "key": "News",
              "name": 7,
              "version": "${project.version}",
              "requires": {"java": "21", "servlet": "6"},
              "mount": "/api/news",
              "entry": "org.example.Missing",
              "roles": [{"id": "news.reader", "description": "Reads."}],
              "pages": [{"id": "latest", "title": "Latest", "path": "/", "role": "news.raeder"}],
              "colour": "blue"
            }
            """);

    assertThat(result.descriptor()).isNull();
    assertThat(result.problems())
        .containsExactly(
            "key: expected a reverse-DNS name such as \"org.example.news\", got \"News\"",
            "name: expected a string, got 7",
            "version: \"${project.version}\" is an unfiltered Maven placeholder: turn on resource"
                + " filtering for the descriptor",
            "requires.java: expected an integer, got \"21\"",
            "requires.servlet: expected a version such as \"6.0\", got \"6\"",
            "mount: \"/api/news\" collides with the host's own path \"/api\"",
            "entry: class \"org.example.Missing\" not found",
            "pages[0].role: unknown role \"news.raeder\"",
            "colour: unknown field (known: key, name, version, description, requires, mount,"
                + " entry, roles, pages, search, settings)",
            "description: required field is missing");
  }

  static Stream<Arguments> brokenDescriptors() {
    return Stream.of(
        broken(
            "missing required fields, including inside requires",
            "{\"requires\": {\"java\": 21}}",
            "requires.servlet: required field is missing"),
        broken(
            "a key with one segment",
            "{\"key\": \"news\"}",
            "key: expected a reverse-DNS name such as \"org.example.news\", got \"news\""),
        broken(
            "a key with upper case",
            "{\"key\": \"org.Example.news\"}",
            "key: expected a reverse-DNS name such as \"org.example.news\", got \"org.Example.news\""),
        broken("an empty name", "{\"name\": \" \"}", "name: must not be empty"),
        broken(
            "a mount with a trailing slash",
            "{\"mount\": \"/news/\"}",
            "mount: \"/news/\" must not end with \"/\""),
        broken(
            "a relative mount", "{\"mount\": \"news\"}", "mount: \"news\" must start with \"/\""),
        broken(
            "a mount with dot-dot",
            "{\"mount\": \"/news/../login\"}",
            "mount: \"/news/../login\" must not contain \".\" or \"..\" segments"),
        broken(
            "a mount with a double slash",
            "{\"mount\": \"/news//x\"}",
            "mount: \"/news//x\" must not contain \"//\""),
        broken(
            "a mount with a query",
            "{\"mount\": \"/news?x=1\"}",
            "mount: \"/news?x=1\" must not contain a query or fragment"),
        broken(
            "a mount with upper case",
            "{\"mount\": \"/News\"}",
            "mount: \"/News\" may only use a-z, 0-9 and \"-\" between slashes"),
        broken(
            "the root mount",
            "{\"mount\": \"/\"}",
            "mount: \"/\" is the host's own path: mount the plugin under a name of its own"),
        broken(
            "a mount on the host's login",
            "{\"mount\": \"/login\"}",
            "mount: \"/login\" collides with the host's own path \"/login\""),
        broken(
            "a mount under the host's static files",
            "{\"mount\": \"/static/news\"}",
            "mount: \"/static/news\" collides with the host's own path \"/static\""),
        broken(
            "a servlet version that is not a version",
            "{\"requires\": {\"java\": 21, \"servlet\": 6.0}}",
            "requires.servlet: expected a string, got 6.0"),
        broken(
            "a fractional Java release",
            "{\"requires\": {\"java\": 21.5, \"servlet\": \"6.0\"}}",
            "requires.java: expected an integer, got 21.5"),
        broken(
            "a Java release above the host's",
            "{\"requires\": {\"java\": 25, \"servlet\": \"6.0\"}}",
            "requires.java: the plugin needs Java 25 but this host runs Java 21"),
        broken(
            "an entry that is not a plugin",
            "{\"entry\": \"" + FIXTURES + "TestSearch\"}",
            "entry: class \""
                + FIXTURES
                + "TestSearch\" does not implement"
                + " org.digitalbranch.descriptor.spi.IntranetPlugin"),
        broken(
            "an entry the host cannot construct",
            "{\"entry\": \"" + FIXTURES + "PluginWithoutDefaultConstructor\"}",
            "entry: class \""
                + FIXTURES
                + "PluginWithoutDefaultConstructor\" has no public"
                + " no-argument constructor"),
        broken(
            "an entry that is an interface",
            "{\"entry\": \"org.digitalbranch.descriptor.spi.IntranetPlugin\"}",
            "entry: class \"org.digitalbranch.descriptor.spi.IntranetPlugin\" is abstract: the"
                + " host needs a class it can construct"),
        broken(
            "a search provider that is missing",
            "{\"search\": {\"provider\": \"org.example.NoSuchSearch\", \"title\": \"News\"}}",
            "search.provider: class \"org.example.NoSuchSearch\" not found"),
        broken(
            "a search provider that is not one",
            "{\"search\": {\"provider\": \"" + FIXTURES + "TestPlugin\", \"title\": \"News\"}}",
            "search.provider: class \""
                + FIXTURES
                + "TestPlugin\" does not implement"
                + " org.digitalbranch.descriptor.spi.SearchProvider"),
        broken(
            "a search without a title and with an extra field",
            "{\"search\": {\"provider\": \"" + FIXTURES + "TestSearch\", \"icon\": \"x.svg\"}}",
            "search.icon: unknown field (known: provider, title)",
            "search.title: required field is missing"),
        broken(
            "a duplicate role id",
            """
            {"roles": [{"id": "news.reader", "description": "Reads."},
                       {"id": "news.editor", "description": "Writes."},
                       {"id": "news.reader", "description": "Reads again."}]}
            """,
            "roles[2].id: duplicate role \"news.reader\" (also roles[0])"),
        broken(
            "a role that is not an object and a role without a description",
            "{\"roles\": [\"news.reader\", {\"id\": \"news.editor\"}]}",
            "roles[0]: expected an object, got \"news.reader\"",
            "roles[1].description: required field is missing",
            "pages[0].role: unknown role \"news.reader\""),
        broken(
            "a page with an undeclared role",
            """
            {"pages": [{"id": "latest", "title": "Latest", "path": "/", "role": "news.reader"},
                       {"id": "write", "title": "Write", "path": "/write", "role": "news.editer"}]}
            """,
            "pages[1].role: unknown role \"news.editer\""),
        broken(
            "a duplicate page id",
            """
            {"pages": [{"id": "latest", "title": "Latest", "path": "/", "role": "news.reader"},
                       {"id": "latest", "title": "Again", "path": "/again", "role": "news.reader"}]}
            """,
            "pages[1].id: duplicate page \"latest\" (also pages[0])"),
        broken(
            "a page path that is not relative to the mount",
            """
            {"pages": [{"id": "latest", "title": "Latest", "path": "latest", "role": "news.reader"},
                       {"id": "old", "title": "Old", "path": "/old/", "role": "news.reader",
                        "icon": "old.svg"}]}
            """,
            "pages[0].path: \"latest\" must start with \"/\" (paths are relative to the mount)",
            "pages[1].path: \"/old/\" must not end with \"/\" (paths are relative to the mount)",
            "pages[1].icon: unknown field (known: id, title, path, role)"),
        broken(
            "pages that are not an array",
            "{\"pages\": {\"latest\": \"/\"}}",
            "pages: expected an array, got an object"),
        broken(
            "a setting key that is not camelCase and an unknown type",
            """
            {"settings": [{"key": "page_size", "type": "int", "description": "Per page."}]}
            """,
            "settings[0].key: expected a camelCase identifier such as \"pollSeconds\", got"
                + " \"page_size\"",
            "settings[0].type: unknown type \"int\" (known: string, integer, number, boolean,"
                + " array, object)"),
        broken(
            "a default that does not match the type, wherever the type is written",
            """
            {"settings": [{"default": "twenty", "key": "pageSize", "type": "integer",
                           "description": "Per page."},
                          {"key": "ratio", "type": "number", "default": true, "description": "R."},
                          {"key": "tags", "type": "array", "default": {}, "description": "T."}]}
            """,
            "settings[0].default: expected an integer, got \"twenty\"",
            "settings[1].default: expected a number, got true",
            "settings[2].default: expected an array, got an object"),
        broken(
            "a secret with a default, a non-boolean secret, and a duplicate key",
            """
            {"settings": [{"key": "token", "type": "string", "secret": true,
                           "default": "hunter2", "description": "Token."},
                          {"key": "token", "type": "string", "secret": "yes",
                           "description": "Again."},
                          {"key": "note", "type": "string"}]}
            """,
            "settings[0].default: a secret setting may not have a default (give the value in the"
                + " configuration)",
            "settings[1].key: duplicate setting \"token\" (also settings[0])",
            "settings[1].secret: expected a boolean, got \"yes\"",
            "settings[2].description: required field is missing"),
        broken(
            "an unknown field inside requires and a null version",
            "{\"version\": null, \"requires\": {\"java\": 21, \"servlet\": \"6.0\", \"jetty\": 12}}",
            "version: expected a string, got null",
            "requires.jetty: unknown field (known: java, servlet)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenDescriptors")
  void aBrokenDescriptorIsRefusedWithExactlyItsProblems(
      String what, String changes, List<String> problems) {
    DescriptorReader.Result result = read(with(changes));

    assertThat(result.ok()).isFalse();
    assertThat(result.descriptor()).isNull();
    assertThat(result.problems()).containsExactlyElementsOf(problems);
  }

  @Test
  void removingARequiredFieldNamesIt() {
    ObjectNode descriptor = valid();
    descriptor.remove(List.of("key", "roles", "entry"));

    assertThat(read(descriptor.toString()).problems())
        .containsExactly(
            "key: required field is missing",
            "entry: required field is missing",
            "roles: required field is missing");
  }

  @Test
  void everyDescriptorOnTheClassLoaderIsFound() throws IOException {
    List<DescriptorReader.Found> found = reader.readAll();

    assertThat(found).hasSize(1);
    assertThat(found.get(0).url().toString()).endsWith("META-INF/intranet-plugin.json");
    assertThat(found.get(0).result().descriptor().key()).isEqualTo("org.example.news");
  }

  @Test
  void aDescriptorThatCannotBeOpenedIsAProblemNotAnException() throws IOException {
    URL missing = Path.of("target", "no-such-descriptor.json").toUri().toURL();

    DescriptorReader.Result result = reader.read(missing);

    assertThat(result.problems()).hasSize(1);
    assertThat(result.problems().get(0))
        .startsWith("$: cannot read the descriptor: ")
        .contains("no-such-descriptor.json");
  }

  @Test
  void aPluginThatBundlesItsOwnCopyOfTheSpiIsToldSo() throws IOException {
    URL[] classes = {
      IntranetPlugin.class.getProtectionDomain().getCodeSource().getLocation(),
      TestPlugin.class.getProtectionDomain().getCodeSource().getLocation()
    };
    try (URLClassLoader bundling =
        new URLClassLoader(classes, ClassLoader.getPlatformClassLoader())) {
      DescriptorReader.Result result = new DescriptorReader(bundling, 21).read(stream(validText()));

      assertThat(result.problems())
          .containsExactly(
              "entry: class \""
                  + FIXTURES
                  + "TestPlugin\" implements another copy of"
                  + " org.digitalbranch.descriptor.spi.IntranetPlugin: the plugin must not bundle"
                  + " the descriptor module",
              "search.provider: class \""
                  + FIXTURES
                  + "TestSearch\" implements another copy of"
                  + " org.digitalbranch.descriptor.spi.SearchProvider: the plugin must not bundle"
                  + " the descriptor module");
    }
  }

  @Test
  void theReadmeExampleFailsOnlyOnWhatTheBuildAndThePluginModuleSupply() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("```json\n") + "```json\n".length();
    String example = readme.substring(start, readme.indexOf("```", start));

    assertThat(read(example).problems())
        .containsExactly(
            "version: \"${project.version}\" is an unfiltered Maven placeholder: turn on resource"
                + " filtering for the descriptor",
            "entry: class \"org.digitalbranch.web.DigitalBranchPlugin\" not found",
            "search.provider: class \"org.digitalbranch.web.ArchiveSearchProvider\" not found");
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static Arguments broken(String what, String changes, String... problems) {
    return Arguments.of(what, changes, List.of(problems));
  }

  private DescriptorReader.Result read(String json) {
    return reader.read(stream(json));
  }

  private static InputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(UTF_8));
  }

  private static String validText() throws IOException {
    try (InputStream in =
        DescriptorReaderTest.class.getResourceAsStream("/" + DescriptorReader.LOCATION)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  private static ObjectNode valid() {
    try {
      return (ObjectNode) JSON.readTree(validText());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The valid descriptor with some top-level fields replaced (in place) or added (at the end). */
  private static String with(String changes) {
    ObjectNode descriptor = valid();
    try {
      descriptor.setAll((ObjectNode) JSON.readTree(changes));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return descriptor.toString();
  }
}
