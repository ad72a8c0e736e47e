package org.digitalbranch.intranet;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.SessionTrackingMode;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.digitalbranch.intranet.auth.LoginThrottle;
import org.digitalbranch.intranet.auth.UserDirectory;
import org.digitalbranch.intranet.chrome.IntranetChrome;
import org.digitalbranch.intranet.chrome.Navigation;
import org.digitalbranch.intranet.chrome.Templates;
import org.digitalbranch.intranet.config.ConfigException;
import org.digitalbranch.intranet.config.IntranetConfig;
import org.digitalbranch.intranet.plugins.PluginCandidate;
import org.digitalbranch.intranet.plugins.PluginCatalog;
import org.digitalbranch.intranet.plugins.PluginRuntime;
import org.digitalbranch.intranet.plugins.RoleCheck;
import org.digitalbranch.intranet.search.FederatedSearch;
import org.digitalbranch.intranet.web.ErrorPageServlet;
import org.digitalbranch.intranet.web.FormLimit;
import org.digitalbranch.intranet.web.HomeServlet;
import org.digitalbranch.intranet.web.LoginServlet;
import org.digitalbranch.intranet.web.LogoutServlet;
import org.digitalbranch.intranet.web.SearchApiServlet;
import org.digitalbranch.intranet.web.SearchPageServlet;
import org.digitalbranch.intranet.web.SecurityHeadersFilter;
import org.digitalbranch.intranet.web.SessionUserFilter;
import org.digitalbranch.intranet.web.SignInRequiredFilter;
import org.digitalbranch.intranet.web.SlowBodyFilter;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ResourceServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Builds the intranet: the one place where its objects are created and wired together. {@link Main}
 * and the integration tests both start what {@link #newServer} returns.
 */
public final class IntranetServer {

  /** Signed-in users are signed out after this long without a request. */
  private static final int SESSION_IDLE_SECONDS = 2 * 60 * 60;

  private static final String ERROR_PATH = "/_error";

  private IntranetServer() {}

  /**
   * Reads every URL-encoded form (the sign-in and sign-out forms, a plugin's page forms) before a
   * servlet sees its request. {@code getParameter} parses a form beneath the servlet input, where
   * {@link SlowBodyFilter} does not reach, so a stranger trickling a sign-in form a byte at a time
   * (each byte resetting the idle timeout) would hold a server thread for as long as they liked,
   * and a few of them would take every thread. Read here, asynchronously, a trickled form costs its
   * connection and at most the host's form limit ({@link FormLimit#MAX_BYTES}, 16 KiB) in memory,
   * never a thread; it ends when complete, when it passes that limit (413, from {@link
   * EagerFormLimit}), or when the stranger pauses for the idle timeout. The servlet's {@code
   * getParameter} then finds the form already parsed.
   *
   * <p>Jetty 12.1's EagerContentHandler (DelayedHandler, now deprecated, is the same with a loader
   * for every body) with only its form loader, for the methods whose forms the container parses:
   * JSON (the webhook, whose signature covers the raw bytes), multipart uploads and everything else
   * reach the servlets unread, as before. So does a form declared larger than the host's form
   * limit: the host's forms refuse it on its length alone (413) before a byte of it is sent, where
   * reading it here would first ask the client for the body (100 Continue) and then refuse it
   * halfway, into a connection the client is still writing to. A stranger's larger form elsewhere
   * is refused unread too (401); a colleague's larger plugin form (a moderator's note of up to
   * 5,000 characters is some 45 KB encoded, in a non-Latin script) is read by the servlet within
   * the context's own form limit, as before.
   *
   * <p>What remains is a form without a declared length (chunked), whose size is known only by
   * reading it. Read up to the context's form limit (200,000 bytes), a stranger could make each
   * connection hold that much by trickling one to the sign-in page. It stops at the host's form
   * limit instead, for everyone: a browser always declares the length of the forms it posts (every
   * form of the host and the plugin is one a browser posts; the compose page, the one that carries
   * long text and images, is multipart and not read here), so only a script sends a chunked form,
   * and a script can declare the length too. With the connection limit this bounds what strangers
   * can hold to some 16 MiB at the default of 1,000 connections.
   */
  private static EagerContentHandler readFormsBeforeDispatch(
      HttpConfiguration http, ServletContextHandler context, PluginRuntime plugins) {
    Predicate<String> isApi =
        path ->
            path.startsWith("/api/")
                || plugins.running().stream()
                    .anyMatch(running -> path.startsWith(running.descriptor().mount() + "/api/"));
    EagerContentHandler forms =
        new EagerContentHandler(
            context,
            new EagerFormLimit(context.getMaxFormKeys(), (int) FormLimit.MAX_BYTES, isApi));
    forms.includeMethod(http.getFormEncodedMethods().toArray(String[]::new));
    forms.exclude(request -> request.getLength() > FormLimit.MAX_BYTES);
    return forms;
  }

  /**
   * A server ready to {@code start()}, listening where {@code config} says.
   *
   * @throws ConfigException when the demo is asked to listen beyond loopback, or the connection
   *     limit is not one the intranet can run with
   * @throws IOException when plugins cannot be scanned; a data folder that cannot be created or
   *     written fails the {@code start()}
   */
  public static Server newServer(IntranetConfig config) throws ConfigException, IOException {
    if (config.demo() && !isLoopback(config.bind())) {
      throw new ConfigException(
          List.of(
              "server.bind: the demo listens only on loopback (127.0.0.1, ::1 or localhost), got \""
                  + config.bind()
                  + "\"; give --config FILE with real users to listen elsewhere"));
    }
    if (!IntranetConfig.isValidMaxConnections(config.maxConnections())) {
      throw new ConfigException(
          List.of(IntranetConfig.maxConnectionsProblem(Integer.toString(config.maxConnections()))));
    }
    Server server = new Server();
    // Before the handler, whose plugins make their folders in it as the context starts.
    server.addBean(new DataFolder(config.dataDir()));
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    if (config.behindProxy()) {
      http.addCustomizer(new ForwardedRequestCustomizer());
    }
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.bind());
    connector.setPort(config.port());
    server.addConnector(connector);
    // At the limit the connector stops accepting: a further client waits in the system's backlog
    // until a connection closes, while those already open carry on (see maxConnections).
    server.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));

    ClassLoader hostLoader = IntranetServer.class.getClassLoader();
    PluginCatalog catalog =
        PluginCatalog.scan(
            hostLoader, config.classpathPlugins(), config.dataDir().resolve("plugins"));
    try {
      RoleCheck.check(config.users(), catalog);
    } catch (ConfigException e) {
      catalog.close();
      throw e;
    }
    PluginRuntime plugins =
        new PluginRuntime(catalog, config.pluginSettings(), config.dataDir(), config.demo());
    Templates templates = new Templates();
    IntranetChrome chrome = new IntranetChrome(templates, new Navigation(plugins));
    plugins.useChrome(chrome);
    FederatedSearch search = new FederatedSearch(plugins);
    UserDirectory users = new UserDirectory(config.users());
    LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());
    ObjectMapper json = new ObjectMapper();

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath("/");
    configureSessions(context.getSessionHandler());
    context.setBaseResource(
        StaticResources.combine(
            ResourceFactory.of(context),
            hostLoader,
            catalog.candidates().stream().map(PluginCandidate::classLoader).toList()));
    context.addServletContainerInitializer(plugins);

    EnumSet<DispatcherType> everyDispatch = EnumSet.allOf(DispatcherType.class);
    context.addFilter(
        new FilterHolder(new SlowBodyFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(new SecurityHeadersFilter()), "/*", everyDispatch);
    context.addFilter(new FilterHolder(new SessionUserFilter()), "/*", everyDispatch);
    context.addFilter(
        new FilterHolder(new SignInRequiredFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));

    context.addServlet(new ServletHolder(new HomeServlet(plugins, templates, chrome)), "");
    context.addServlet(
        new ServletHolder(
            new LoginServlet(
                users, throttle, templates, chrome, config.demo() ? config.users() : List.of())),
        "/login");
    context.addServlet(new ServletHolder(new LogoutServlet()), "/logout");
    context.addServlet(
        new ServletHolder(new SearchPageServlet(search, templates, chrome)), "/search");
    context.addServlet(new ServletHolder(new SearchApiServlet(search, json)), "/api/search");
    context.addServlet(new ServletHolder(new ErrorPageServlet(templates, chrome)), ERROR_PATH);

    // A ResourceServlet rather than Jetty's DefaultServlet: it serves by the full path under any
    // mapping, so a plugin may map its own asset folder (say /digital-branch/static/*) to it.
    ServletHolder staticFiles = new ServletHolder("default", new ResourceServlet());
    staticFiles.setInitParameter("dirAllowed", "false");
    staticFiles.setInitParameter("redirectWelcome", "false");
    staticFiles.setInitParameter("pathInfoOnly", "false");
    context.addServlet(staticFiles, "/");

    ErrorPageErrorHandler errors =
        new ErrorPageErrorHandler() {
          // Jetty writes error pages only for GET, POST and HEAD; a PUT or DELETE refused with 405
          // went out with an empty body that said nothing of why.
          @Override
          public boolean errorPageForMethod(String method) {
            return true;
          }
        };
    errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, ERROR_PATH);
    errors.setShowStacks(false);
    context.setErrorHandler(errors);

    server.setHandler(readFormsBeforeDispatch(http, context, plugins));
    // Lets an embedding (and the integration tests) find the running plugins.
    server.addBean(plugins);
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStopped(LifeCycle event) {
            catalog.close();
          }
        });
    return server;
  }

  private static void configureSessions(SessionHandler sessions) {
    sessions.setHttpOnly(true);
    sessions.setSameSite(HttpCookie.SameSite.LAX);
    // Secure exactly when the request came over HTTPS, so plain loopback HTTP still works.
    sessions.setSecureRequestOnly(true);
    sessions.setSessionTrackingModes(Set.of(SessionTrackingMode.COOKIE));
    sessions.setMaxInactiveInterval(SESSION_IDLE_SECONDS);
  }

  private static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (IOException unknownHost) {
      return false;
    }
  }
}
