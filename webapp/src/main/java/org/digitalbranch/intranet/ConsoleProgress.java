package org.digitalbranch.intranet;

import java.io.PrintStream;
import java.util.Locale;
import org.digitalbranch.descriptor.spi.MaintenanceTask;

/** Prints a maintenance task's progress on the console, one line per report. */
final class ConsoleProgress implements MaintenanceTask.Progress {

  private final PrintStream out;

  ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void count(long done, long total, String what) {
    out.println(line(done, total, what));
  }

  @Override
  public void say(String line) {
    out.println(line);
  }

  /** {@code 12,000 of 40,000 conversations indexed (30%)}, or without the whole when unknown. */
  static String line(long done, long total, String what) {
    if (total < 0) {
      return String.format(Locale.ROOT, "%,d %s", done, what);
    }
    long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
    return String.format(Locale.ROOT, "%,d of %,d %s (%d%%)", done, total, what, percent);
  }
}
