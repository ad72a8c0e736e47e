package org.digitalbranch.intranet;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the command line asks for: {@code [--port N] [--data DIR] [--config FILE] [--bind ADDR]},
 * {@code hash-password}, a plugin's maintenance task ({@code TASK [--data DIR] [--config FILE]}),
 * or {@code --help}. Flags also take the {@code --port=N} form.
 *
 * @param task the maintenance task's name, present exactly when the command is {@link
 *     Command#MAINTENANCE}; which plugin offers it is found when it runs
 */
record CommandLine(
    Command command,
    Optional<Integer> port,
    Optional<Path> dataDir,
    Optional<Path> configFile,
    Optional<String> bind,
    Optional<String> task) {

  enum Command {
    SERVE,
    HASH_PASSWORD,
    MAINTENANCE,
    HELP
  }

  /** How a task is named: lower-case words joined by dashes, such as {@code rebuild-index}. */
  private static final Pattern TASK_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  static final String USAGE =
      """
      Usage: java -jar digital-branch.jar [--port N] [--data DIR] [--config FILE] [--bind ADDR]
             java -jar digital-branch.jar hash-password   (asks for a password, or reads a piped one)
             java -jar digital-branch.jar TASK [--data DIR] [--config FILE]   (maintenance)

        --port N       HTTP port, 0 to 65535 (default 8080; 0 picks a free port)
        --data DIR     data folder (default ./data); drop-in plugin JARs go in DIR/plugins
        --config FILE  the intranet's JSON settings; without it the demo runs
        --bind ADDR    address to listen on (default 127.0.0.1; the demo allows loopback only)
      Flags override the settings file. A maintenance TASK runs while no intranet serves the data
      folder; --help lists the tasks the installed plugins offer.""";

  /** The command line could not be understood; the message says what was expected. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  static CommandLine parse(String[] args) throws UsageException {
    Command command = Command.SERVE;
    Integer port = null;
    Path dataDir = null;
    Path configFile = null;
    String bind = null;
    String task = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String flag = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        flag = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      switch (flag) {
        case "hash-password" -> {
          if (i != 0 || args.length != 1) {
            throw new UsageException("hash-password takes no options; run it on its own");
          }
          command = Command.HASH_PASSWORD;
        }
        case "--help", "-h" -> command = Command.HELP;
        case "--port" -> {
          String text = value != null ? value : valueAfter(args, i++, flag, "a port number");
          port = portOf(text);
        }
        case "--data" -> {
          String text = value != null ? value : valueAfter(args, i++, flag, "a folder");
          dataDir = pathOf(text, flag, "a folder");
        }
        case "--config" -> {
          String text = value != null ? value : valueAfter(args, i++, flag, "a settings file");
          configFile = pathOf(text, flag, "a settings file");
        }
        case "--bind" -> {
          String text = value != null ? value : valueAfter(args, i++, flag, "an address");
          if (text.isBlank()) {
            throw new UsageException("--bind: expected an address such as 127.0.0.1");
          }
          bind = text;
        }
        default -> {
          if (i == 0 && TASK_NAME.matcher(arg).matches()) {
            command = Command.MAINTENANCE;
            task = arg;
          } else {
            throw new UsageException(
                "unknown argument \""
                    + arg
                    + "\"; expected --port N, --data DIR, --config FILE, --bind ADDR,"
                    + " hash-password or a maintenance task");
          }
        }
      }
    }
    if (command == Command.MAINTENANCE && (port != null || bind != null)) {
      throw new UsageException(
          task
              + " takes only --data DIR and --config FILE ("
              + (port != null ? "--port" : "--bind")
              + " is for serving)");
    }
    return new CommandLine(
        command,
        Optional.ofNullable(port),
        Optional.ofNullable(dataDir),
        Optional.ofNullable(configFile),
        Optional.ofNullable(bind),
        Optional.ofNullable(task));
  }

  private static String valueAfter(String[] args, int i, String flag, String expected)
      throws UsageException {
    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
      throw new UsageException(flag + ": expected " + expected + " after it");
    }
    return args[i + 1];
  }

  private static int portOf(String text) throws UsageException {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // Answered below, the same as a number out of range.
    }
    throw new UsageException(
        "--port: expected a whole number from 0 to 65535, got \"" + text + "\"");
  }

  private static Path pathOf(String text, String flag, String expected) throws UsageException {
    try {
      if (!text.isBlank()) {
        return Path.of(text);
      }
    } catch (InvalidPathException e) {
      throw new UsageException(
          flag + ": expected " + expected + ", got \"" + text + "\" (" + e.getReason() + ")");
    }
    throw new UsageException(flag + ": expected " + expected + ", got an empty value");
  }
}
