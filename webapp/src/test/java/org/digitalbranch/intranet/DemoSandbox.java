package org.digitalbranch.intranet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.descriptor.spi.IntranetPlugin;

/**
 * The demo's sandbox platforms inside the running Digital Branch plugin, reached by reflection: the
 * host never compiles against a plugin (the plugin is on the class path at run time only), and its
 * tests keep to that.
 */
final class DemoSandbox {

  private final Object sandbox;
  private final ClassLoader loader;

  private DemoSandbox(Object sandbox) {
    this.sandbox = sandbox;
    this.loader = sandbox.getClass().getClassLoader();
  }

  static DemoSandbox of(IntranetPlugin plugin) throws ReflectiveOperationException {
    Optional<?> running = (Optional<?>) plugin.getClass().getMethod("sandbox").invoke(plugin);
    return new DemoSandbox(running.orElseThrow(() -> new AssertionError("no sandbox running")));
  }

  /**
   * The demo's platforms, seeded as the demo seeds them, started in this JVM for a host that is not
   * the demo: one configured with accounts on them, as a library's intranet is.
   */
  static DemoSandbox startedHere() throws ReflectiveOperationException {
    ClassLoader loader = DemoSandbox.class.getClassLoader();
    Class<?> behaviour = loader.loadClass("org.digitalbranch.platform.sandbox.SandboxBehaviour");
    Class<?> sandbox = loader.loadClass("org.digitalbranch.platform.sandbox.Sandbox");
    Object demo = behaviour.getMethod("demo").invoke(null);
    return new DemoSandbox(sandbox.getMethod("start", behaviour).invoke(null, demo));
  }

  /**
   * The plugin's {@code accounts} setting: one account on each platform, worked by {@code team}.
   */
  ArrayNode accountsSetting(List<String> team) throws ReflectiveOperationException {
    ObjectMapper json = new ObjectMapper();
    ArrayNode accounts = json.createArrayNode();
    for (Object account : (List<?>) sandbox.getClass().getMethod("accounts").invoke(sandbox)) {
      ObjectNode setting = accounts.addObject();
      setting.put("id", (String) call(account, "id"));
      Object platform = call(account, "platform");
      setting.put("platform", (String) call(platform, "id"));
      setting.put("handle", (String) call(account, "handle"));
      setting.put("baseUrl", (String) call(account, "baseUrl"));
      setting.set("credentials", json.valueToTree(call(account, "credentials")));
      team.forEach(setting.putArray("team")::add);
    }
    return accounts;
  }

  void stop() throws ReflectiveOperationException {
    call(sandbox, "stop");
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    return target.getClass().getMethod(method).invoke(target);
  }

  /** The texts of what the library published on the platform ({@code "mastodon"}, ...). */
  List<String> publishedTexts(String platformId) throws ReflectiveOperationException {
    Method published = sandbox.getClass().getMethod("published", platformClass());
    List<String> texts = new ArrayList<>();
    for (Object post : (List<?>) published.invoke(sandbox, platform(platformId))) {
      texts.add((String) post.getClass().getMethod("text").invoke(post));
    }
    return texts;
  }

  /** The address the sandbox serves the platform ({@code "mastodon"}, ...) at. */
  String baseUrl(String platformId) throws ReflectiveOperationException {
    return (String)
        sandbox.getClass().getMethod("baseUrl", String.class).invoke(sandbox, platformId);
  }

  /** Switches a failure on, such as {@code "expired-token"}, as the demo's setting would. */
  void fail(String platformId, String failureId) throws ReflectiveOperationException {
    Class<?> modes = loader.loadClass("org.digitalbranch.platform.sandbox.FailureMode");
    Object mode = modes.getMethod("fromId", String.class).invoke(null, failureId);
    sandbox
        .getClass()
        .getMethod("fail", platformClass(), modes)
        .invoke(sandbox, platform(platformId), mode);
  }

  private Class<?> platformClass() throws ClassNotFoundException {
    return loader.loadClass("org.digitalbranch.platform.sandbox.SandboxPlatform");
  }

  private Object platform(String id) throws ReflectiveOperationException {
    return platformClass().getMethod("fromId", String.class).invoke(null, id);
  }
}
