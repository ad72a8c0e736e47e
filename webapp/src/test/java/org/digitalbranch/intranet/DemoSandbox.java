package org.digitalbranch.intranet;

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
