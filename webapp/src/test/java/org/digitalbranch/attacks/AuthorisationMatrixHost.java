package org.digitalbranch.attacks;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.digitalbranch.intranet.IntranetServer;
import org.digitalbranch.intranet.auth.PasswordHash;
import org.digitalbranch.intranet.config.ConfiguredUser;
import org.digitalbranch.intranet.config.DemoUsers;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.digitalbranch.intranet.plugins.PluginRuntime;
import org.digitalbranch.intranet.plugins.RunningPlugin;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The real host running the demo (sandbox platforms, live publisher and ingestion), with two users
 * beside the demo's five: {@code volunteer}, staff on no account's team (the demo puts its five
 * users on every team), and {@code clerk}, an intranet user without any Digital Branch role.
 */
final class AuthorisationMatrixHost implements AutoCloseable {

  /** Staff on no team: may draft nothing for the demo's accounts and read no direct message. */
  static final String VOLUNTEER = "volunteer";

  /** Signed in to the intranet, but with no role of the plugin. */
  static final String CLERK = "clerk";

  private final Server server;
  private final URI base;

  private AuthorisationMatrixHost(Server server) {
    this.server = server;
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  static AuthorisationMatrixHost start(Path data) throws Exception {
    List<ConfiguredUser> users = new ArrayList<>(DemoUsers.all());
    users.add(user(VOLUNTEER, "Val Volunteer", Set.of(DemoUsers.STAFF)));
    users.add(user(CLERK, "Cam Clerk", Set.of("intranet.circulation")));
    IntranetConfig demo = IntranetConfig.demo(data);
    IntranetConfig config =
        new IntranetConfig(0, demo.bind(), false, data, users, demo.pluginSettings(), true, true);
    Server server = IntranetServer.newServer(config);
    server.start();
    return new AuthorisationMatrixHost(server);
  }

  private static ConfiguredUser user(String name, String displayName, Set<String> roles) {
    return new ConfiguredUser(name, displayName, roles, PasswordHash.of(name, 1_000));
  }

  URI base() {
    return base;
  }

  SessionClient anonymous() throws Exception {
    return SessionClient.anonymous(base);
  }

  SessionClient signedIn(String user) throws Exception {
    return SessionClient.signedIn(base, user);
  }

  /**
   * Every method and path the running intranet answers, as {@code "GET /digital-branch/api/posts/
   * {id}"}: the host's own servlets from the container's mappings (the methods each servlet
   * implements), and each plugin's routes as the plugin lists them. Nothing here is typed by hand,
   * so a new servlet or route shows up without anyone remembering it.
   */
  List<String> routes() throws Exception {
    List<RunningPlugin> plugins = server.getBean(PluginRuntime.class).running();
    List<String> mounts = plugins.stream().map(p -> p.descriptor().mount()).toList();
    Set<String> routes = new LinkedHashSet<>();
    ServletContextHandler context = server.getDescendant(ServletContextHandler.class);
    for (ServletMapping mapping : context.getServletHandler().getServletMappings()) {
      ServletHolder holder = context.getServletHandler().getServlet(mapping.getServletName());
      for (String spec : mapping.getPathSpecs()) {
        if (mounts.stream().anyMatch(mount -> spec.equals(mount) || spec.startsWith(mount + "/"))) {
          continue;
        }
        for (String method : methodsOf(holder.getServlet())) {
          routes.add(method + " " + pathOf(spec));
        }
      }
    }
    for (RunningPlugin plugin : plugins) {
      Object listed = plugin.plugin().getClass().getMethod("routes").invoke(plugin.plugin());
      for (Object route : (List<?>) listed) {
        routes.add((String) route);
      }
    }
    return List.copyOf(routes);
  }

  /** A servlet path spec as a route: {@code ""} is the root, {@code /*} parts any file. */
  private static String pathOf(String spec) {
    if (spec.isEmpty()) {
      return "/";
    }
    if (spec.equals("/")) {
      return "/{file}";
    }
    return spec.endsWith("/*") ? spec.substring(0, spec.length() - 1) + "{file}" : spec;
  }

  /**
   * The methods a servlet implements. One that overrides {@code service} and no {@code doGet} and
   * the like answers them all; one that overrides both (the host's servlets, whose {@code service}
   * refuses the other methods with a 405 naming them) answers what its {@code do} methods say.
   */
  private static List<String> methodsOf(Servlet servlet) {
    Set<String> methods = new LinkedHashSet<>();
    boolean service = false;
    for (Class<?> type = servlet.getClass();
        type != null && type != HttpServlet.class;
        type = type.getSuperclass()) {
      for (Method method : type.getDeclaredMethods()) {
        switch (method.getName()) {
          case "doGet" -> methods.add("GET");
          case "doPost" -> methods.add("POST");
          case "doPut" -> methods.add("PUT");
          case "doDelete" -> methods.add("DELETE");
          case "service" -> service = true;
          default -> {}
        }
      }
    }
    if (service && methods.isEmpty()) {
      methods.add("ANY");
    }
    return List.copyOf(methods);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
