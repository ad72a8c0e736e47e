package org.digitalbranch.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.digitalbranch.descriptor.spi.PluginContext;
import org.digitalbranch.descriptor.spi.SearchProvider;
import org.digitalbranch.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's entry point and its one wiring place: every object is built here with {@code new},
 * and every servlet and filter is registered here, under the mount the descriptor declares.
 *
 * <p>Later features plug in by adding their routes to {@code api} or {@code pages} in {@link
 * #start} (see {@link Router}), building their domain objects from {@code config} and {@code
 * database} right beside.
 */
public final class DigitalBranchPlugin implements IntranetPlugin {

  private static final Logger log = LoggerFactory.getLogger(DigitalBranchPlugin.class);

  private Database database;
  private volatile ArchiveWeb archive;
  private volatile ArchiveSearchProvider archiveSearch;

  /** The host constructs the entry by its public no-argument constructor. */
  public DigitalBranchPlugin() {}

  @Override
  public void start(PluginContext context) throws Exception {
    ClassLoader classLoader = DigitalBranchPlugin.class.getClassLoader();
    PluginDescriptor descriptor = context.descriptor();
    String mount = descriptor.mount();
    DigitalBranchConfig config = DigitalBranchConfig.from(context.settings(), context.demo());
    database = Database.open(context.dataDirectory(), classLoader);
    archive = ArchiveWeb.open(context.dataDirectory(), database, config, Clock.systemUTC());

    Exchange.WebKit kit =
        new Exchange.WebKit(new Json(), new Templates(classLoader), context.chrome(), mount);
    Router api = new Router().get("me", new MeApi()::me);
    Router pages = new Router().get("", new DashboardPage(config, descriptor)::show);
    archive.api(api);
    archive.pages(pages, config);

    ServletContext servlets = context.servletContext();
    FilterRegistration.Dynamic filter =
        servlets.addFilter(
            "digital-branch",
            new PluginFilter(
                mount,
                descriptor.roles().stream().map(PluginDescriptor.Role::id).toList(),
                config.maxBodyBytes(),
                new ExceptionMapper(kit)));
    // After the host's own filters: they establish the session and the user we read.
    filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, mount + "/*");
    register(servlets, "digital-branch-api", new RoutedServlet(api, kit), mount + "/api/*");
    register(servlets, "digital-branch-pages", new RoutedServlet(pages, kit), mount + "/*");
    register(
        servlets,
        "digital-branch-static",
        new StaticAssetServlet(classLoader, "META-INF/resources" + mount + "/static"),
        mount + "/static/*");

    archiveSearch = archive.searchProvider(servlets.getContextPath() + mount);
    archive.startPulling();

    log.info(
        "Digital Branch started under {}: {} account(s), time zone {}, data in {}",
        mount,
        config.accounts().size(),
        config.timeZone(),
        database.file());
  }

  private static void register(
      ServletContext servlets, String name, HttpServlet servlet, String pattern) {
    ServletRegistration.Dynamic registration = servlets.addServlet(name, servlet);
    if (registration == null) {
      throw new IllegalStateException("a servlet named " + name + " is already registered");
    }
    registration.addMapping(pattern);
  }

  @Override
  public Optional<SearchProvider> searchProvider() {
    return Optional.ofNullable(archiveSearch);
  }

  /** The archive's running parts, for tests that feed it through the store. */
  ArchiveRuntime archive() {
    return archive.runtime();
  }

  @Override
  public void stop() {
    archiveSearch = null;
    if (archive != null) {
      archive.close();
      archive = null;
    }
    if (database != null) {
      database.close();
      database = null;
    }
  }
}
