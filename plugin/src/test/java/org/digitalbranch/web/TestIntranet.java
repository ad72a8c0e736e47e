package org.digitalbranch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.Principal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.digitalbranch.config.DatabaseSettings;
import org.digitalbranch.config.JsonPluginSettings;
import org.digitalbranch.descriptor.DescriptorReader;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.Chrome;
import org.digitalbranch.descriptor.spi.HostSession;
import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.descriptor.spi.PluginContext;
import org.digitalbranch.descriptor.spi.PluginSettings;
import org.digitalbranch.store.TestStores;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty on a loopback port 0 playing the intranet host: a test filter signs users in from a
 * header, and the plugin is started through a container initializer, as the host starts it.
 */
final class TestIntranet implements AutoCloseable {

  /** {@code name;Display Name;role,role}: the host's signed-in user for this request. */
  static final String USER_HEADER = "X-Test-User";

  /** {@code name;role,role}: a container principal instead (no host session attributes). */
  static final String PRINCIPAL_HEADER = "X-Test-Principal";

  static final String CSRF_TOKEN = "test-csrf-token-0123456789";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Server server;
  private final IntranetPlugin plugin;
  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private TestIntranet(IntranetPlugin plugin, Path dataDir, String settingsJson, boolean demo)
      throws Exception {
    this.plugin = plugin;
    PluginDescriptor descriptor = ownDescriptor();
    ObjectNode given = (ObjectNode) JSON.readTree(settingsJson.replace('\'', '"'));
    DatabaseSettings store = TestStores.settings(dataDir);
    if (store.isPostgresql() && !given.has("database")) {
      given
          .putObject("database")
          .put("url", store.url().orElseThrow())
          .put("user", store.user().orElseThrow());
    }
    PluginSettings settings = JsonPluginSettings.of(descriptor, given, n -> null);

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new TestLogin()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Boom()), "/digital-branch/api/test/boom");
    context.addServlet(new ServletHolder(new Echo()), "/digital-branch/api/test/echo");
    context.addServletContainerInitializer(
        (classes, servletContext) -> {
          try {
            plugin.start(
                new TestContext(
                    descriptor, dataDir, settings, servletContext, new TestChrome(), demo));
          } catch (Exception e) {
            throw new ServletException(e);
          }
        });
    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  static TestIntranet start(Path dataDir, String settingsJson) throws Exception {
    return new TestIntranet(new DigitalBranchPlugin(), dataDir, settingsJson, false);
  }

  /** Runs a plugin entry the test did not build itself, such as one from the drop-in JAR. */
  static TestIntranet start(IntranetPlugin plugin, Path dataDir, boolean demo) throws Exception {
    return new TestIntranet(plugin, dataDir, "{}", demo);
  }

  /** The plugin's own descriptor, read and checked as the host reads it. */
  static PluginDescriptor ownDescriptor() throws IOException {
    ClassLoader loader = TestIntranet.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(DescriptorReader.LOCATION)) {
      DescriptorReader.Result result = new DescriptorReader(loader).read(in);
      if (!result.ok()) {
        throw new AssertionError("the plugin's descriptor is invalid: " + result.problems());
      }
      return result.descriptor();
    }
  }

  /** The plugin entry the server runs, for tests that reach its parts directly. */
  IntranetPlugin plugin() {
    return plugin;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path));
  }

  /** Sends without cookies: every request starts without a session. */
  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends on a connection of its own, closed afterwards. For uploads the server may refuse before
   * reading them: the JDK client has been seen to pool such a connection after the server closed
   * it, so the next test's request met a dead socket ("header parser received no bytes").
   */
  HttpResponse<String> sendAlone(HttpRequest.Builder request) throws Exception {
    try (HttpClient alone =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
      return alone.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** A client that keeps its cookies, so its requests share one session. */
  static HttpClient browser() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .cookieHandler(new CookieManager())
        .build();
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  /** JSON written with single quotes, for readable expectations. */
  static JsonNode parse(String singleQuoted) throws IOException {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }

  @Override
  public void close() throws Exception {
    server.stop();
    plugin.stop();
  }

  private record TestContext(
      PluginDescriptor descriptor,
      Path dataDirectory,
      PluginSettings settings,
      ServletContext servletContext,
      Chrome chrome,
      boolean demo)
      implements PluginContext {}

  /** A recognisable frame around the plugin's body; escapes the title as the real chrome must. */
  private static final class TestChrome implements Chrome {
    @Override
    public String render(HttpServletRequest request, Page page) {
      String title = page.title().replace("&", "&amp;").replace("<", "&lt;");
      return "<!DOCTYPE html><html><head><title>"
          + title
          + "</title>"
          + String.join(
              "", page.stylesheets().stream().map(s -> "<link href=\"" + s + "\">").toList())
          + String.join(
              "",
              page.scripts().stream()
                  .map(s -> "<script src=\"" + s + "\" defer></script>")
                  .toList())
          + "</head><body><nav id=\"test-chrome\">Intranet</nav>"
          + page.bodyHtml()
          + "</body></html>";
    }
  }

  /** Plays the host's login: puts the user and the CSRF token into the session. */
  private static final class TestLogin extends HttpFilter {
    @Override
    protected void doFilter(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      // As the host sets its security headers on every response before the plugin runs.
      response.setHeader("Content-Security-Policy", "default-src 'self'");
      String user = request.getHeader(USER_HEADER);
      if (user != null) {
        String[] parts = user.split(";", -1);
        HttpSession session = request.getSession(true);
        session.setAttribute(
            HostSession.USER, new IntranetUser(parts[0], parts[1], roles(parts[2])));
        session.setAttribute(HostSession.CSRF_TOKEN, CSRF_TOKEN);
      }
      String principal = request.getHeader(PRINCIPAL_HEADER);
      if (principal != null) {
        String[] parts = principal.split(";", -1);
        Set<String> roles = roles(parts[1]);
        chain.doFilter(
            new HttpServletRequestWrapper(request) {
              @Override
              public Principal getUserPrincipal() {
                return () -> parts[0];
              }

              @Override
              public boolean isUserInRole(String role) {
                return roles.contains(role);
              }
            },
            response);
        return;
      }
      chain.doFilter(request, response);
    }

    private static Set<String> roles(String list) {
      return list.isEmpty() ? Set.of() : Set.copyOf(List.of(list.split(",")));
    }
  }

  /** A handler with a bug, to see what the person and the log get. */
  private static final class Boom extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
      throw new IllegalStateException("secret internals: table posts is on fire");
    }
  }

  /** Reads the whole body, as a handler would, and says how much it read. */
  private static final class Echo extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      byte[] body = request.getInputStream().readAllBytes();
      response.setContentType("text/plain");
      response.getWriter().write("read " + body.length + " bytes");
    }
  }
}
