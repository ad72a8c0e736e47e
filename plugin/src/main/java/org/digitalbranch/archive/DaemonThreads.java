package org.digitalbranch.archive;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for the archive's background work, named so a thread dump says whose they are, and
 * daemons so a host that stops without closing the plugin still exits.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  public static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
