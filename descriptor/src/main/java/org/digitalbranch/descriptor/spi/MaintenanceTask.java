package org.digitalbranch.descriptor.spi;

/**
 * A job an operator runs from the host's command line while no intranet serves the data folder,
 * such as rebuilding a derived index from the primary store: {@code java -jar intranet.jar
 * rebuild-index --config FILE}. A plugin offers its tasks through {@link
 * IntranetPlugin#maintenanceTasks()}; the host creates the plugin (without starting it), finds the
 * task by {@link #name()} and calls {@link #run} once on the command line's thread.
 *
 * <p>A task must refuse, not damage, a data folder an intranet is running on (a running plugin
 * holds its files; the task sees the lock and throws with a message saying so).
 */
public interface MaintenanceTask {

  /**
   * What the operator types: lower-case words joined by dashes ({@code rebuild-index}), unique
   * among the installed plugins' tasks.
   */
  String name();

  /** One sentence for {@code --help}: what the task does and when to run it. */
  String description();

  /**
   * Does the work, reporting how far it is. Returning normally means it succeeded (exit status 0).
   *
   * @throws Exception when the task cannot run or failed; the message is shown to the operator as
   *     is, so it must say what went wrong and what to do (and never hold a secret)
   */
  void run(MaintenanceContext context, Progress progress) throws Exception;

  /** Where a running task reports to; the host prints it on the console. */
  interface Progress {

    /**
     * How far the task is, as a count: {@code count(12000, 40000, "conversations indexed")} is
     * shown as {@code 12,000 of 40,000 conversations indexed (30%)}.
     *
     * @param total the whole, or -1 when unknown (then no percentage is shown)
     * @param what plain text naming what was counted
     */
    void count(long done, long total, String what);

    /** One line of plain text for the operator. */
    void say(String line);
  }
}
