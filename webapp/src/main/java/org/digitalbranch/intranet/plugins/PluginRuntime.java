package org.digitalbranch.intranet.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.SettingsBinder;
import org.digitalbranch.descriptor.spi.Chrome;
import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.digitalbranch.descriptor.spi.SettingsRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the catalog's plugins while the servlet context initialises (so each may register its
 * servlets and filters) and stops them when it is destroyed. A plugin that cannot be created,
 * configured or started is refused with the reason; the intranet runs on without it, except when
 * the reason is its settings (see {@link #settingsProblems}).
 */
public final class PluginRuntime implements ServletContainerInitializer {

  private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

  private final List<PluginCandidate> candidates;
  private final Map<String, JsonNode> settingsByKey;
  private final Path dataDir;
  private final boolean demo;
  private final List<RunningPlugin> running = new CopyOnWriteArrayList<>();
  private final List<RefusedPlugin> refused = new CopyOnWriteArrayList<>();
  private final List<String> needed = new CopyOnWriteArrayList<>();
  private Chrome chrome;

  public PluginRuntime(
      PluginCatalog catalog, Map<String, JsonNode> settingsByKey, Path dataDir, boolean demo) {
    this.candidates = catalog.candidates();
    this.refused.addAll(catalog.refused());
    this.settingsByKey = Map.copyOf(settingsByKey);
    this.dataDir = dataDir;
    this.demo = demo;
  }

  /** The chrome is built from this runtime's plugins, so it is handed in after construction. */
  public void useChrome(Chrome chrome) {
    this.chrome = chrome;
  }

  /** Running plugins in the order they started. */
  public List<RunningPlugin> running() {
    return List.copyOf(running);
  }

  /**
   * The problems of the settings given to the plugins, each with its path in the settings file: the
   * intranet's start refuses them like any other mistake in that file, so that a service manager
   * sees the failure instead of an intranet running without the plugin.
   */
  public List<String> settingsProblems() {
    return refused.stream()
        .filter(RefusedPlugin::settings)
        .flatMap(r -> r.reasons().stream())
        .toList();
  }

  /**
   * The settings problems of every plugin found, asked before anything starts (each plugin's {@code
   * settingsProblems} over its bound settings, beside the binder's own): so that a settings file
   * with mistakes is refused before the server opens its port or a plugin makes its folder. A
   * plugin that cannot even be created is left to {@link #onStartup}, which refuses it with the
   * reason. The check after the start ({@link #settingsProblems()}) still catches what only
   * starting finds.
   */
  public List<String> checkSettings() {
    List<String> problems = new ArrayList<>();
    for (PluginCandidate candidate : candidates) {
      SettingsBinder.Result bound = bind(candidate);
      IntranetPlugin plugin;
      try {
        plugin = create(candidate);
      } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
        problems.addAll(bound.problems());
        continue;
      }
      everyProblem(candidate, plugin, bound).stream()
          .filter(problem -> !problems.contains(problem))
          .forEach(problems::add);
    }
    return problems;
  }

  /**
   * Why the plugins the intranet cannot do without failed to start: those that are part of it (its
   * class path) and drop-ins the settings file configures. A drop-in JAR nobody configured may fail
   * and the intranet go on (its home page says why); these stop the start, since an intranet
   * running without them looks healthy to a service manager while staff get "not found".
   */
  public List<String> neededButFailed() {
    return List.copyOf(needed);
  }

  /**
   * A start failure in an operator's words: a permission refused names the file and what to check,
   * the rest their own message.
   */
  static String reasonOf(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.nio.file.AccessDeniedException denied) {
        return "permission denied on "
            + denied.getFile()
            + ": the data folder and everything in it must belong to the user the intranet runs"
            + " as (a maintenance task run as root makes files the service cannot open)";
      }
    }
    return failure.getMessage() != null ? failure.getMessage() : failure.toString();
  }

  /** Plugins that were found but do not run, with their reasons. */
  public List<RefusedPlugin> refused() {
    return List.copyOf(refused);
  }

  @Override
  public void onStartup(Set<Class<?>> ignored, ServletContext servletContext) {
    for (String key : settingsByKey.keySet()) {
      if (candidates.stream().noneMatch(c -> c.descriptor().key().equals(key))) {
        LOG.warn("plugins.{}: settings given, but no such plugin is installed", key);
      }
    }
    for (PluginCandidate candidate : candidates) {
      start(candidate, servletContext);
    }
    servletContext.addListener(
        new ServletContextListener() {
          @Override
          public void contextDestroyed(ServletContextEvent event) {
            stopAll();
          }
        });
  }

  private void start(PluginCandidate candidate, ServletContext servletContext) {
    PluginDescriptor descriptor = candidate.descriptor();
    SettingsBinder.Result bound = bind(candidate);
    IntranetPlugin plugin;
    try {
      plugin = create(candidate);
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      if (!bound.problems().isEmpty()) {
        refuseSettings(candidate, bound.problems());
      } else {
        refuse(candidate, List.of("entry: cannot create " + descriptor.entry() + " (" + e + ")"));
      }
      return;
    }
    if (!bound.problems().isEmpty()) {
      refuseSettings(candidate, everyProblem(candidate, plugin, bound));
      return;
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(candidate.classLoader());
    try {
      Path own = Files.createDirectories(dataDir.resolve(descriptor.key()));
      plugin.start(
          new HostPluginContext(descriptor, own, bound.settings(), servletContext, chrome, demo));
      running.add(new RunningPlugin(descriptor, plugin, candidate.classLoader()));
      LOG.info(
          "Plugin {} {} started at {}", descriptor.key(), descriptor.version(), descriptor.mount());
    } catch (SettingsRefused e) {
      refuseSettings(candidate, e.problems());
      stopQuietly(descriptor.key(), plugin);
    } catch (Exception | LinkageError e) {
      if (e instanceof IllegalStateException && e.getMessage() != null) {
        // Written for an operator (its data folder held, say): the sentence, not a stack trace.
        LOG.error("Plugin {} failed to start: {}", descriptor.key(), e.getMessage());
      } else {
        LOG.error("Plugin {} failed to start", descriptor.key(), e);
      }
      refuse(candidate, List.of("start failed: " + reasonOf(e)));
      if (!candidate.dropIn() || settingsByKey.containsKey(descriptor.key())) {
        needed.add("plugin " + descriptor.key() + " failed to start: " + reasonOf(e));
      }
      stopQuietly(descriptor.key(), plugin);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private SettingsBinder.Result bind(PluginCandidate candidate) {
    JsonNode given =
        settingsByKey.getOrDefault(
            candidate.descriptor().key(), JsonNodeFactory.instance.objectNode());
    return SettingsBinder.bind(candidate.descriptor(), given);
  }

  private static IntranetPlugin create(PluginCandidate candidate)
      throws ReflectiveOperationException {
    return Class.forName(candidate.descriptor().entry(), true, candidate.classLoader())
        .asSubclass(IntranetPlugin.class)
        .getConstructor()
        .newInstance();
  }

  /**
   * The binder's problems and then the plugin's own, found in the settings with the binder's
   * culprits left at their defaults: the whole file's mistakes told at once, not one kind per
   * restart.
   */
  private List<String> everyProblem(
      PluginCandidate candidate, IntranetPlugin plugin, SettingsBinder.Result bound) {
    List<String> problems = new ArrayList<>(bound.problems());
    if (bound.wellTyped() == null) {
      return problems;
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(candidate.classLoader());
    try {
      plugin.settingsProblems(bound.wellTyped(), demo).stream()
          .filter(problem -> !problems.contains(problem))
          .forEach(problems::add);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Plugin {} could not check its settings", candidate.descriptor().key(), e);
    } finally {
      thread.setContextClassLoader(previous);
    }
    return problems;
  }

  /** The settings file's mistakes, named by their paths in it; no stack trace, no JAR blamed. */
  private void refuseSettings(PluginCandidate candidate, List<String> problems) {
    LOG.error(
        "The settings of plugin {} are refused: {}",
        candidate.descriptor().key(),
        String.join("; ", problems));
    refused.add(
        new RefusedPlugin(candidate.source(), candidate.descriptor().key(), problems, true));
  }

  private void refuse(PluginCandidate candidate, List<String> reasons) {
    LOG.warn("Plugin {} refused: {}", candidate.source(), String.join("; ", reasons));
    refused.add(new RefusedPlugin(candidate.source(), candidate.descriptor().key(), reasons));
  }

  private void stopAll() {
    for (RunningPlugin each : List.copyOf(running).reversed()) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(each.classLoader());
      try {
        stopQuietly(each.key(), each.plugin());
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
    running.clear();
  }

  private static void stopQuietly(String key, IntranetPlugin plugin) {
    try {
      plugin.stop();
    } catch (Exception | LinkageError e) {
      LOG.error("Plugin {} failed to stop cleanly", key, e);
    }
  }
}
