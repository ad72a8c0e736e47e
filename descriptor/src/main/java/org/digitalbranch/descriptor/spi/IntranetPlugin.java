package org.digitalbranch.descriptor.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point a plugin's descriptor names. The host creates it with its public no-argument
 * constructor, calls {@link #start} once while the servlet context is initialising (so the plugin
 * may register servlets and filters under its mount), and {@link #stop} once at shutdown.
 */
public interface IntranetPlugin {

  /**
   * Opens the plugin's resources and registers its servlets. Throwing refuses the plugin; throwing
   * {@link SettingsRefused} also stops the host's start, as any mistake in its settings file does.
   */
  void start(PluginContext context) throws Exception;

  /**
   * The problems this plugin would refuse {@code settings} for, found without starting it, each
   * starting with its path ({@link PluginSettings#pathOf}). The host asks when it refuses the
   * settings for a problem of its own (an unknown key, a value of the wrong type), giving the
   * settings with those values left at their defaults, so that an administrator hears of every
   * mistake in the file at once rather than one kind per restart. Called on an instance that is
   * never started. None by default.
   */
  default List<String> settingsProblems(PluginSettings settings, boolean demo) {
    return List.of();
  }

  /** Releases what {@link #start} opened. Called even when the host stops on an error. */
  void stop() throws Exception;

  /** The provider for the global search box; its class must be the one the descriptor names. */
  default Optional<SearchProvider> searchProvider() {
    return Optional.empty();
  }

  /**
   * Small counts the header shows beside navigation entries for this user, keyed by page id (for
   * example the number of posts waiting for a moderator). Must be cheap: it runs on every page.
   */
  default Map<String, Integer> navigationBadges(IntranetUser user) {
    return Map.of();
  }

  /**
   * Jobs an operator may run from the host's command line while the intranet is stopped (see {@link
   * MaintenanceTask}). Called on an instance the host created but never started, so it must not
   * depend on {@link #start} having run.
   */
  default List<MaintenanceTask> maintenanceTasks() {
    return List.of();
  }
}
