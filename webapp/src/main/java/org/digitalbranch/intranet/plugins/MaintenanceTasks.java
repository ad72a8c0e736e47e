package org.digitalbranch.intranet.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.SettingsBinder;
import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.digitalbranch.descriptor.spi.MaintenanceContext;
import org.digitalbranch.descriptor.spi.MaintenanceTask;
import org.digitalbranch.descriptor.spi.PluginSettings;

/**
 * The command-line jobs the catalog's plugins offer ({@link MaintenanceTask}). Each plugin is
 * created and its settings bound as for serving, but it is never started: nothing serves while a
 * task runs. A plugin that cannot be created or whose settings have problems offers nothing, and
 * the problem is kept to explain an unknown task.
 */
public final class MaintenanceTasks {

  /** A task with what it runs against. */
  public record Offered(MaintenanceTask task, MaintenanceContext context, ClassLoader classLoader) {

    public String name() {
      return task.name();
    }

    public String pluginKey() {
      return context.descriptor().key();
    }

    /** Runs the task with the plugin's class loader as the thread's context loader. */
    public void run(MaintenanceTask.Progress progress) throws Exception {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(classLoader);
      try {
        task.run(context, progress);
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }

  private final Map<String, Offered> byName = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  private MaintenanceTasks() {}

  /**
   * @param settingsByKey each plugin's settings object from the configuration, by plugin key
   * @param dataDir the intranet's data folder; each plugin's own folder is {@code dataDir/<key>}
   */
  public static MaintenanceTasks of(
      PluginCatalog catalog, Map<String, JsonNode> settingsByKey, Path dataDir, boolean demo) {
    MaintenanceTasks tasks = new MaintenanceTasks();
    for (PluginCandidate candidate : catalog.candidates()) {
      tasks.collect(candidate, settingsByKey, dataDir, demo);
    }
    return tasks;
  }

  public Optional<Offered> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every task offered, in the catalog's order. */
  public List<Offered> all() {
    return List.copyOf(byName.values());
  }

  /** Why some plugin offers no tasks (bad settings, an entry that cannot be created). */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  private void collect(
      PluginCandidate candidate, Map<String, JsonNode> settingsByKey, Path dataDir, boolean demo) {
    PluginDescriptor descriptor = candidate.descriptor();
    JsonNode given =
        settingsByKey.getOrDefault(descriptor.key(), JsonNodeFactory.instance.objectNode());
    SettingsBinder.Result bound = SettingsBinder.bind(descriptor, given);
    if (!bound.problems().isEmpty()) {
      problems.addAll(bound.problems());
      return;
    }
    List<MaintenanceTask> offered;
    try {
      IntranetPlugin plugin =
          Class.forName(descriptor.entry(), true, candidate.classLoader())
              .asSubclass(IntranetPlugin.class)
              .getConstructor()
              .newInstance();
      offered = plugin.maintenanceTasks();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      problems.add(
          "plugin " + descriptor.key() + ": cannot create " + descriptor.entry() + " (" + e + ")");
      return;
    }
    Context context =
        new Context(descriptor, dataDir.resolve(descriptor.key()), bound.settings(), demo);
    for (MaintenanceTask task : offered) {
      Offered other = byName.get(task.name());
      if (other != null) {
        problems.add(
            "plugin "
                + descriptor.key()
                + ": task \""
                + task.name()
                + "\" is already offered by plugin "
                + other.pluginKey());
      } else {
        byName.put(task.name(), new Offered(task, context, candidate.classLoader()));
      }
    }
  }

  private record Context(
      PluginDescriptor descriptor, Path dataDirectory, PluginSettings settings, boolean demo)
      implements MaintenanceContext {}
}
