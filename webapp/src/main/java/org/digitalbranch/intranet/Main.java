package org.digitalbranch.intranet;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.digitalbranch.intranet.auth.PasswordHash;
import org.digitalbranch.intranet.config.ConfigException;
import org.digitalbranch.intranet.config.ConfigReader;
import org.digitalbranch.intranet.config.ConfiguredUser;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.digitalbranch.intranet.plugins.MaintenanceTasks;
import org.digitalbranch.intranet.plugins.PluginCatalog;
import org.digitalbranch.intranet.plugins.PluginRuntime;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Starts the intranet, prints a password hash for the settings file, or runs a plugin's maintenance
 * task (such as rebuilding an index) while the intranet is stopped.
 */
public final class Main {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  /** Shorter passwords are still hashed: the warning leaves the choice to whoever runs it. */
  static final int SHORTEST_SAFE_PASSWORD = 8;

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Function<String, String> environment;
  private final Supplier<Console> console;

  /** Without a terminal, as when a script pipes the password in: it is read from {@code in}. */
  Main(InputStream in, PrintStream out, PrintStream err, Function<String, String> environment) {
    this(in, out, err, environment, () -> null);
  }

  /**
   * {@code console} gives the terminal to ask for a password without echoing it, or null when there
   * is none; java.io.Console is final, so tests give none and read {@code in}.
   */
  Main(
      InputStream in,
      PrintStream out,
      PrintStream err,
      Function<String, String> environment,
      Supplier<Console> console) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.environment = environment;
    this.console = console;
  }

  public static void main(String[] args) {
    int status =
        new Main(System.in, System.out, System.err, System::getenv, Main::terminal).run(args);
    // The only exit: a failed start must tell scripts and service managers it failed.
    if (status != OK) {
      System.exit(status);
    }
  }

  /**
   * The console when standard input and output are a terminal, else null. From Java 22 {@code
   * System.console()} answers even when they are redirected, and {@code Console.isTerminal()}
   * (absent from 21, hence asked for by name) tells the two apart; a password piped in by a script
   * must be read from standard input, and a hash captured with $(...) must not carry the prompt.
   */
  static Console terminal() {
    Console console = System.console();
    if (console == null) {
      return null;
    }
    try {
      Object isTerminal = Console.class.getMethod("isTerminal").invoke(console);
      return Boolean.TRUE.equals(isTerminal) ? console : null;
    } catch (NoSuchMethodException onJava21) {
      return console;
    } catch (ReflectiveOperationException unexpected) {
      return null;
    }
  }

  /** Runs the command; blocks while the intranet serves. Returns the process exit status. */
  int run(String[] args) {
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(args);
    } catch (CommandLine.UsageException e) {
      err.println(e.getMessage());
      err.println();
      err.println(CommandLine.USAGE);
      return USAGE;
    }
    return switch (commandLine.command()) {
      case HELP -> {
        out.println(CommandLine.USAGE);
        listTasks(commandLine);
        yield OK;
      }
      case HASH_PASSWORD -> hashPassword();
      case MAINTENANCE -> maintain(commandLine);
      case SERVE -> serve(commandLine);
    };
  }

  private int hashPassword() {
    Console terminal = console.get();
    String password;
    try {
      password = terminal != null ? typedAt(terminal) : firstLineOfInput();
    } catch (IOException e) {
      err.println("Could not read the password: " + e.getMessage());
      return FAILED;
    }
    if (password.isEmpty()) {
      err.println(
          "hash-password: expected a password "
              + (terminal != null ? "at the prompt" : "on standard input")
              + ", got nothing");
      return USAGE;
    }
    // Counted in code points, so an accented or emoji character counts once, as a person sees it.
    if (password.codePointCount(0, password.length()) < SHORTEST_SAFE_PASSWORD) {
      err.println(
          "hash-password: a password of fewer than "
              + SHORTEST_SAFE_PASSWORD
              + " characters is easy to guess");
    }
    out.println(PasswordHash.of(password, PasswordHash.DEFAULT_ITERATIONS).text());
    return OK;
  }

  /** At a terminal the password is not echoed, so it is not left on screen or in a recording. */
  private static String typedAt(Console terminal) {
    char[] typed = terminal.readPassword("Password (not shown as you type): ");
    return typed == null ? "" : new String(typed);
  }

  /** Scripts pipe the password in; only its first line counts, without the line ending. */
  private String firstLineOfInput() throws IOException {
    err.println("Password (read from standard input, one line):");
    return firstLine(in.readAllBytes());
  }

  private int serve(CommandLine commandLine) {
    String source = commandLine.configFile().map(Path::toString).orElse("the command line");
    IntranetConfig config;
    try {
      config = configFor(commandLine);
    } catch (ConfigException e) {
      return refuse(source, e);
    }
    Server server;
    try {
      server = IntranetServer.newServer(config);
    } catch (ConfigException e) {
      return refuse(source, e);
    } catch (IOException e) {
      err.println("The intranet cannot start: " + e.getMessage());
      return FAILED;
    }
    // Settings a plugin refuses stop the start before the port opens or a plugin makes a folder.
    List<String> settingsFirst = server.getBean(PluginRuntime.class).checkSettings();
    if (!settingsFirst.isEmpty()) {
      return refuse(source, new ConfigException(settingsFirst));
    }
    server.setStopAtShutdown(true);
    try {
      server.start();
    } catch (Exception e) {
      err.println("The intranet cannot start: " + whyNotStarted(config, e));
      stopQuietly(server);
      return FAILED;
    }
    List<String> pluginSettings = server.getBean(PluginRuntime.class).settingsProblems();
    if (!pluginSettings.isEmpty()) {
      stopQuietly(server);
      return refuse(source, new ConfigException(pluginSettings));
    }
    List<String> failed = server.getBean(PluginRuntime.class).neededButFailed();
    if (!failed.isEmpty()) {
      stopQuietly(server);
      err.println("The intranet did not start:");
      failed.forEach(reason -> err.println("  " + reason));
      return FAILED;
    }
    announce(config, commandLine, server);
    try {
      server.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OK;
  }

  /**
   * Runs the named task of an installed plugin on the data folder, printing its progress. The
   * plugins are found and their settings bound as for serving, but none is started.
   */
  private int maintain(CommandLine commandLine) {
    String name = commandLine.task().orElseThrow();
    String source = commandLine.configFile().map(Path::toString).orElse("the command line");
    IntranetConfig config;
    try {
      config = configFor(commandLine);
    } catch (ConfigException e) {
      err.println(name + " did not run: " + source + " has problems:");
      e.problems().forEach(problem -> err.println("  " + problem));
      return FAILED;
    }
    Path data = config.dataDir().toAbsolutePath().normalize();
    try (PluginCatalog catalog = catalogFor(config)) {
      MaintenanceTasks tasks =
          MaintenanceTasks.of(catalog, config.pluginSettings(), config.dataDir(), config.demo());
      Optional<MaintenanceTasks.Offered> task = tasks.find(name);
      if (task.isEmpty()) {
        List<String> names = tasks.all().stream().map(MaintenanceTasks.Offered::name).toList();
        err.println(
            "unknown task \""
                + name
                + "\"; "
                + (names.isEmpty()
                    ? "the installed plugins offer none"
                    : "the installed plugins offer: " + String.join(", ", names)));
        tasks.problems().forEach(problem -> err.println("  " + problem));
        return USAGE;
      }
      if (!Files.isDirectory(config.dataDir())) {
        err.println(
            name
                + " did not run: the data folder "
                + data
                + " does not exist; give --data DIR (or dataDir in the settings file) where the"
                + " intranet keeps its data");
        return FAILED;
      }
      out.println(name + " (plugin " + task.get().pluginKey() + ") on the data folder " + data);
      try {
        task.get().run(new ConsoleProgress(out));
      } catch (Exception e) {
        err.println(name + " failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        return FAILED;
      }
      out.println(name + ": done");
      return OK;
    } catch (IOException e) {
      err.println(name + " did not run: the plugins cannot be read: " + e.getMessage());
      return FAILED;
    }
  }

  /** After the usage: the maintenance tasks the installed plugins offer, when they can be found. */
  private void listTasks(CommandLine commandLine) {
    try {
      IntranetConfig config = configFor(commandLine);
      try (PluginCatalog catalog = catalogFor(config)) {
        List<MaintenanceTasks.Offered> tasks =
            MaintenanceTasks.of(catalog, config.pluginSettings(), config.dataDir(), config.demo())
                .all();
        if (tasks.isEmpty()) {
          return;
        }
        out.println();
        out.println("Maintenance tasks of the installed plugins:");
        for (MaintenanceTasks.Offered task : tasks) {
          out.printf("  %-15s %s%n", task.name(), task.task().description());
        }
      }
    } catch (ConfigException | IOException e) {
      // The usage is printed; the tasks are shown when the settings and plugins can be read.
    }
  }

  /** The plugins serving would find: the class path's (unless configured off) and DIR/plugins. */
  private static PluginCatalog catalogFor(IntranetConfig config) throws IOException {
    return PluginCatalog.scan(
        Main.class.getClassLoader(),
        config.classpathPlugins(),
        config.dataDir().resolve("plugins"));
  }

  /** The settings file (or the demo) with the command line's flags laid over it. */
  IntranetConfig configFor(CommandLine commandLine) throws ConfigException {
    IntranetConfig config =
        commandLine.configFile().isPresent()
            ? new ConfigReader(environment).read(commandLine.configFile().get())
            : IntranetConfig.demo(IntranetConfig.DEFAULT_DATA_DIR);
    if (commandLine.port().isPresent()) {
      config = config.withPort(commandLine.port().get());
    }
    if (commandLine.bind().isPresent()) {
      config = config.withBind(commandLine.bind().get());
    }
    if (commandLine.dataDir().isPresent()) {
      config = config.withDataDir(commandLine.dataDir().get());
    }
    return config;
  }

  private int refuse(String source, ConfigException e) {
    err.println("The intranet did not start: " + source + " has problems:");
    for (String problem : e.problems()) {
      err.println("  " + problem);
    }
    return FAILED;
  }

  /**
   * A failed start in an operator's words. Jetty says only "Failed to bind to /127.0.0.1:8486"; the
   * cause says whether the port is taken or the address is not this machine's, each with its fix.
   */
  static String whyNotStarted(IntranetConfig config, Exception failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException bind) {
        String reason = String.valueOf(bind.getMessage());
        if (reason.contains("in use")) {
          return "another program is using port "
              + config.port()
              + " on "
              + config.bind()
              + ": stop it, or choose another port with --port or server.port";
        }
        if (reason.contains("assign")) {
          return "cannot listen on "
              + config.bind()
              + ": no network interface of this machine has that address; choose another with"
              + " --bind or server.bind";
        }
      }
    }
    return failure.getMessage() != null ? failure.getMessage() : failure.toString();
  }

  private void announce(IntranetConfig config, CommandLine commandLine, Server server) {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    String url = urlOf(config.bind(), port);
    Path data = config.dataDir().toAbsolutePath().normalize();
    if (config.demo()) {
      out.println("Digital Branch intranet: the DEMO is running (no --config given).");
      out.println("Open " + url + " and sign in as one of these users; the password is the name:");
      for (ConfiguredUser user : config.users()) {
        out.printf(
            "  %-11s %s%n",
            user.name(), String.join(", ", user.roles().stream().sorted().toList()));
      }
      out.println("Data folder: " + data);
    } else {
      out.println(
          "Digital Branch intranet is running at "
              + url
              + " (settings: "
              + commandLine.configFile().orElseThrow()
              + ", data folder: "
              + data
              + ")");
    }
    out.println("Stop it with Ctrl+C.");
  }

  private static String urlOf(String bind, int port) {
    String host = bind;
    try {
      if (InetAddress.getByName(bind) instanceof java.net.Inet6Address && !bind.startsWith("[")) {
        host = "[" + bind + "]";
      }
    } catch (IOException unknown) {
      // Shown as given; the server already listens on it.
    }
    return URI.create("http://" + host + ":" + port + "/").toString();
  }

  private static String firstLine(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      err.println("While stopping: " + e.getMessage());
    }
  }
}
