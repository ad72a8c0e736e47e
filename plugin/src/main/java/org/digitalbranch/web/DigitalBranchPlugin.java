package org.digitalbranch.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.digitalbranch.archive.Ingestion;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.config.InvalidConfigException;
import org.digitalbranch.descriptor.PluginDescriptor;
import org.digitalbranch.descriptor.spi.IntranetPlugin;
import org.digitalbranch.descriptor.spi.IntranetUser;
import org.digitalbranch.descriptor.spi.MaintenanceTask;
import org.digitalbranch.descriptor.spi.PluginContext;
import org.digitalbranch.descriptor.spi.PluginSettings;
import org.digitalbranch.descriptor.spi.SearchProvider;
import org.digitalbranch.platform.graph.GraphMessaging;
import org.digitalbranch.platform.sandbox.Sandbox;
import org.digitalbranch.publish.PublishAccount;
import org.digitalbranch.publish.Publisher;
import org.digitalbranch.publish.RenewedCredentials;
import org.digitalbranch.publish.ServerLimits;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.ImageStore;
import org.digitalbranch.queue.Network;
import org.digitalbranch.queue.PostRepository;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.queue.QueueSettings;
import org.digitalbranch.queue.TargetAccount;
import org.digitalbranch.queue.Transactor;
import org.digitalbranch.store.DataFolderLock;
import org.digitalbranch.store.Database;
import org.digitalbranch.store.PrivateFiles;
import org.digitalbranch.store.WebhookDeliveries;
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

  /** How long an approved post may wait for the publisher past its time before it is held. */
  static final Duration APPROVED_GRACE = Duration.ofMinutes(15);

  /** The uploaded images' folder inside the plugin's data folder. */
  static final String IMAGES_FOLDER = "images";

  /** Uploaded parts up to this size stay in memory; larger ones go to a temporary file. */
  private static final int MULTIPART_IN_MEMORY = 256 * 1024;

  /** Uploads not yet part of a post, emptied at every start. */
  static final String UPLOADS_FOLDER = "uploads";

  private volatile Database database;
  private DataFolderLock folderLock;

  /** Each account's server's own limits (a Mastodon server's post length), read at start. */
  private final ServerLimits limits = new ServerLimits();

  private volatile Publishing publishing;
  private volatile ArchiveWeb archive;
  private volatile ArchiveSearchProvider archiveSearch;
  private volatile Conversations conversations;
  private volatile List<String> routes = List.of();

  /** The host constructs the entry by its public no-argument constructor. */
  public DigitalBranchPlugin() {}

  @Override
  public void start(PluginContext context) throws Exception {
    ClassLoader classLoader = DigitalBranchPlugin.class.getClassLoader();
    PluginDescriptor descriptor = context.descriptor();
    String mount = descriptor.mount();
    DigitalBranchConfig config = DigitalBranchConfig.from(context.settings(), context.demo());
    // The index keeps patrons' messages beside the store, on PostgreSQL too. Its folders and their
    // files are the owner's alone as well, not only the data folder around them: a backup that
    // copies one of them (rsync -a, tar) keeps their permissions, and drafts' images are
    // unpublished work. Files an older version left open are closed here; new ones are born so.
    PrivateFiles.folder(context.dataDirectory());
    // Before anything in the folder is touched: a second intranet on it stops here, before it
    // could change its files' permissions or run the store's migrations under the first one.
    folderLock = DataFolderLock.take(context.dataDirectory());
    for (String folder : List.of(ArchiveRuntime.INDEX_FOLDER, IMAGES_FOLDER, UPLOADS_FOLDER)) {
      PrivateFiles.folderWithFiles(context.dataDirectory().resolve(folder));
    }
    database = Database.open(context.dataDirectory(), config.database(), classLoader);
    archive =
        ArchiveWeb.open(
            context.dataDirectory(), database, config, Clock.systemUTC(), context.demo());

    Transactor transactor = transactorOver(database);
    PostService posts =
        new PostService(
            transactor,
            Clock.systemUTC(),
            new QueueSettings(
                config.timeZone(),
                config.promotionLimitPercent(),
                context.dataDirectory().resolve(IMAGES_FOLDER),
                config.imageMaxBytes(),
                APPROVED_GRACE),
            id -> config.account(id).map(account -> target(account, limits)));

    AtomicReference<String> requestBase = new AtomicReference<>("http://127.0.0.1");
    publishing =
        Publishing.build(
            config,
            context.settings(),
            context.demo(),
            context.dataDirectory(),
            context.dataDirectory().resolve(IMAGES_FOLDER),
            mount,
            transactor,
            posts,
            requestBase);
    Publisher publisher = publishing.publisher();
    // The demo only: the library posts its sandboxes start with, as the queue's published history.
    publishing
        .sandbox()
        .ifPresent(
            sandbox ->
                DemoQueueHistory.recordOrWarn(
                    sandbox,
                    publishing.config().accounts(),
                    config.promotionLimitPercent(),
                    transactor));

    PeopleNames people = new PeopleNames(transactor, Clock.systemUTC());
    Exchange.WebKit kit =
        new Exchange.WebKit(
            new Json(), new Templates(classLoader), context.chrome(), mount, people);
    ServletContext servlets = context.servletContext();
    StagedUploads uploads = new StagedUploads(context.dataDirectory().resolve(UPLOADS_FOLDER));
    PostViews views =
        new PostViews(
            config,
            instant -> posts.localTime(instant).toString(),
            servlets.getContextPath() + mount + "/api/images/",
            publisher::outcomes);
    PublishingApi publishingApi =
        new PublishingApi(posts, publisher, publishing.statuses(), this::reading, config, views);
    Router api =
        new PostsApi(posts, id -> config.account(id).isPresent(), views, uploads, Clock.systemUTC())
            .routes(publishingApi.routes(new Router().get("me", new MeApi()::me)));
    Router images =
        new ImagesApi(
                posts,
                database,
                uploads,
                context.dataDirectory().resolve(IMAGES_FOLDER),
                config.imageMaxBytes())
            .routes(new Router());
    ComposePage compose = new ComposePage(posts, config, uploads);
    PublishTargets publishTargets = new PublishTargets(publisher, posts, config);
    QueuePage queue = new QueuePage(posts, config, publishTargets);
    PostPage post = new PostPage(posts, config, publishTargets);
    Router pages =
        new AccountsPage(publishing.statuses(), this::reading, config, Clock.systemUTC())
            // posts/{id}/retry is spelt out, so posts/{id}/{action} does not take "retry" (Router).
            .routes(
                new SettingsPage(
                        config,
                        publishing.config(),
                        publishing.options(),
                        database.description(),
                        publishing.sandbox().isPresent(),
                        reading(context.demo(), config))
                    .routes(publishTargets.routes(new Router())))
            .get(
                "",
                new DashboardPage(
                        config,
                        descriptor,
                        posts,
                        publishing.statuses(),
                        publisher::givenUp,
                        user -> {
                          ArchiveWeb open = archive;
                          return open == null
                              ? java.util.OptionalLong.empty()
                              : java.util.OptionalLong.of(open.answersWaiting(user));
                        },
                        exchange -> {
                          Conversations running = conversations;
                          return running == null
                              ? Map.<String, Object>of()
                              : running.reviews().dashboard(exchange);
                        })
                    ::show)
            .get("compose", compose::compose)
            .post("compose", compose::create)
            .get("queue", queue::show)
            .post("publishing", queue::setPublishing)
            .get("posts/{id}", post::show)
            // Spelt out, so posts/{id}/{action} does not take "edit" as an action (Router).
            .get("posts/{id}/edit", compose::edit)
            .post("posts/{id}/edit", compose::update)
            .post("posts/{id}/{action}", post::act);
    Router publicRoutes =
        new PublicImagesRoute(
                publishing.imageLinks(), database, context.dataDirectory().resolve(IMAGES_FOLDER))
            .routes(new Router());
    archive.api(api);
    // The accounts as the publisher runs them (in the demo, on its sandbox), over the same
    // connectors and credentials.
    List<AccountConfig> running = publishing.config().accounts();
    List<ConversationChannels> channels =
        channels(running, publishing.accounts(), publishing.renewed(), config.metaHumanAgent());
    conversations =
        Conversations.build(
            config,
            limits,
            running,
            channels,
            archive.runtime(),
            transactorOver(database),
            new WebhookDeliveries(
                database.transactions(), Clock.systemUTC(), FacebookWebhookRoute.REMEMBERED),
            Clock.systemUTC());
    conversations.api(api);
    // A connection an admin just tested and found working is read at the next poll.
    publishing
        .statuses()
        .whenVerified(
            account -> {
              Conversations reading = conversations;
              if (reading != null) {
                reading.ingestion().readAtNextPoll(account);
              }
            });
    // The demo only: a way to make one known customer message arrive on the sandbox.
    publishing.sandbox().ifPresent(sandbox -> new DemoSandboxApi(sandbox).routes(api));
    conversations.pages(pages);
    archive.pages(pages, config, conversations.platforms(), conversations.reviews());

    long maxUploadBytes = config.imageMaxBytes() + ImagesApi.MULTIPART_OVERHEAD;
    FilterRegistration.Dynamic filter =
        servlets.addFilter(
            "digital-branch",
            new PluginFilter(
                mount,
                descriptor.roles().stream().map(PluginDescriptor.Role::id).toList(),
                config.maxBodyBytes(),
                "/api/images",
                maxUploadBytes,
                new ExceptionMapper(kit),
                people::saw));
    // After the host's own filters: they establish the session and the user we read.
    filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, mount + "/*");
    servlets
        .addFilter("digital-branch-request-base", new RequestBase(requestBase))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, mount + "/*");
    register(servlets, "digital-branch-api", new RoutedServlet(api, kit), mount + "/api/*");
    ServletRegistration.Dynamic upload =
        register(
            servlets,
            "digital-branch-images",
            new RoutedServlet(images, kit, mount + "/api"),
            mount + "/api/images",
            mount + "/api/images/*");
    // Parts up to the image limit stay in memory; the container refuses anything larger.
    upload.setMultipartConfig(
        new MultipartConfigElement(
            uploads.folder().toString(),
            config.imageMaxBytes(),
            maxUploadBytes,
            (int) Math.min(maxUploadBytes, Integer.MAX_VALUE)));
    register(servlets, "digital-branch-pages", new RoutedServlet(pages, kit), mount + "/*")
        // The compose form posts its images itself, so it works without JavaScript.
        // Each image's size is checked by the image store, which names the image in the form.
        .setMultipartConfig(
            new MultipartConfigElement(
                null,
                -1L,
                config.maxBodyBytes() + ImageStore.MAX_IMAGES * maxUploadBytes,
                MULTIPART_IN_MEMORY));
    register(
        servlets,
        "digital-branch-public",
        new RoutedServlet(publicRoutes, kit),
        mount + "/public/*");
    register(
        servlets,
        "digital-branch-static",
        new StaticAssetServlet(classLoader, "META-INF/resources" + mount + "/static"),
        mount + "/static/*");

    routes =
        Stream.of(
                under(mount + "/api/", api),
                under(mount + "/api/", images),
                under(mount + "/", pages),
                under(mount + "/public/", publicRoutes),
                List.of("GET " + mount + "/static/{file}"))
            .flatMap(List::stream)
            .toList();

    archiveSearch = archive.searchProvider(servlets.getContextPath() + mount);
    archive.startPulling();
    conversations.start(reading(context.demo(), config));

    // After the migrations (Database.open) and the routes: the first run reconciles what a crash
    // left "publishing" before anything new is sent.
    publishing.start();
    limits.readInBackground(
        List.copyOf(publishing.accounts().values()), publishing.renewed()::current);
    log.info(
        "Digital Branch started under {}: {} account(s){}, time zone {}, data in {}, store {}",
        mount,
        config.accounts().size(),
        publishing.sandbox().isPresent() ? " on the demo's sandbox platforms" : "",
        config.timeZone(),
        context.dataDirectory(),
        database.description());
    // Each account as an operator checks it: where it is read and published, never a secret.
    for (AccountConfig account : publishing.config().accounts()) {
      log.info(
          "account {}: {} {} at {}, team {}",
          account.id(),
          account.platform().id(),
          account.handle(),
          account.baseUrl() != null ? account.baseUrl() : account.platform().defaultBaseUrl(),
          account.team().isEmpty() ? "(nobody)" : String.join(", ", account.team()));
    }
  }

  private static List<String> under(String prefix, Router router) {
    return router.routes().stream().map(route -> route.replaceFirst(" ", " " + prefix)).toList();
  }

  /**
   * Every method and path the plugin answers, such as {@code "GET /digital-branch/api/posts/{id}"}
   * (a {@code {name}} stands for any one segment), in the order each servlet matches them; empty
   * until started. The host's authorisation tests reach it by reflection, so that a new route
   * cannot go without an expectation.
   */
  public List<String> routes() {
    return routes;
  }

  /**
   * The accounts' conversation sides, each over its publishing connector and reading the account's
   * credentials as they are now: X rotates its refresh token at every renewal, so once the
   * publisher (or a reader) renewed it, the configured tokens no longer work.
   */
  static List<ConversationChannels> channels(
      List<AccountConfig> accounts,
      Map<String, PublishAccount> connected,
      RenewedCredentials renewed,
      GraphMessaging.HumanAgent humanAgent) {
    List<ConversationChannels> channels = new ArrayList<>();
    for (AccountConfig account : accounts) {
      PublishAccount connection = connected.get(account.id());
      if (connection != null) {
        ConversationChannels.over(
                account, connection.platform(), () -> renewed.current(account.id()), humanAgent)
            .ifPresent(channels::add);
      }
    }
    return channels;
  }

  private static ServletRegistration.Dynamic register(
      ServletContext servlets, String name, HttpServlet servlet, String... patterns) {
    ServletRegistration.Dynamic registration = servlets.addServlet(name, servlet);
    if (registration == null) {
      throw new IllegalStateException("a servlet named " + name + " is already registered");
    }
    registration.addMapping(patterns);
    return registration;
  }

  /**
   * How the account's conversations are being read; read at each showing, since the ingestion
   * starts after the pages are wired.
   */
  private Optional<Ingestion.AccountStatus> reading(String account) {
    Conversations running = conversations;
    return running == null ? Optional.empty() : running.reading(account);
  }

  /** How often each account is read: the demo's sandbox often, so its inbox fills in seconds. */
  static Duration reading(boolean demo, DigitalBranchConfig config) {
    return demo ? Conversations.DEMO_POLL : Duration.ofSeconds(config.pollSeconds());
  }

  /**
   * The queue's accounts are the configured ones; their teams say who may post to them, and their
   * servers (Mastodon) how long a post may be.
   */
  static TargetAccount target(AccountConfig account, ServerLimits limits) {
    return new TargetAccount(
        account.id(),
        Network.fromId(account.platform().id()),
        Set.copyOf(account.team()),
        limits.characters(account.id()));
  }

  /**
   * The queue and the archive write in the store's serialised write transactions and read on their
   * own connections beside them: with every read behind the one write lock, 100 staff sessions
   * queued each page view behind every fsync (the load benchmark, issue 6: replies took 21 s).
   */
  public static Transactor transactorOver(Database database) {
    return new Transactor() {
      @Override
      public <T> T inTransaction(Work<T> work) {
        return database.transactions().inTransaction(work::run);
      }

      @Override
      public <T> T read(Work<T> work) {
        return database.transactions().read(work::run);
      }
    };
  }

  /**
   * The queue's count for moderators, read on its own connection beside the writer (WAL), so a
   * page's header never waits for a moderation action.
   */
  @Override
  public Map<String, Integer> navigationBadges(IntranetUser user) {
    Database open = database;
    if (open == null || !user.hasRole(Actor.MODERATOR)) {
      return Map.of();
    }
    int waiting =
        open.transactions()
            .read(connection -> new PostRepository(connection).countAwaitingDecision());
    return Map.of("queue", waiting);
  }

  /** The demo's sandbox platforms while the plugin runs them (tests look at what they received). */
  public java.util.Optional<Sandbox> sandbox() {
    Publishing running = publishing;
    return running == null ? java.util.Optional.empty() : running.sandbox();
  }

  @Override
  public Optional<SearchProvider> searchProvider() {
    return Optional.ofNullable(archiveSearch);
  }

  /**
   * {@code rebuild-index} and {@code check-index}; the host runs them on an instance never started.
   */
  @Override
  public List<MaintenanceTask> maintenanceTasks() {
    return List.of(new RebuildIndexTask(Clock.systemUTC()), new CheckIndexTask(Clock.systemUTC()));
  }

  /** The archive's running parts, for tests that feed it through the store. */
  ArchiveRuntime archive() {
    return archive.runtime();
  }

  /**
   * Stops polling the accounts, for benchmarks that time searches: the demo polls its sandbox every
   * {@link Conversations#DEMO_POLL}, and each poll rereads the Graph platforms' look-back window
   * from WireMock, which keeps both cores of a small machine busy for seconds at a time.
   *
   * @return false when the plugin was not running
   */
  boolean stopPolling() {
    Conversations running = conversations;
    if (running == null) {
      return false;
    }
    running.ingestion().close();
    return true;
  }

  /** What start would refuse in these settings, without opening anything. */
  @Override
  public List<String> settingsProblems(PluginSettings settings, boolean demo) {
    List<String> problems = new ArrayList<>();
    try {
      DigitalBranchConfig.from(settings, demo);
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
    }
    try {
      Publishing.Options.read(settings);
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
    }
    return problems;
  }

  @Override
  public void stop() {
    try {
      stopParts();
    } finally {
      // Whatever failed above: a lock kept would refuse every later start in this JVM (a servlet
      // container's redeploy).
      if (folderLock != null) {
        try {
          folderLock.close();
        } catch (java.io.IOException e) {
          // The process's end releases it anyway.
        }
        folderLock = null;
      }
    }
  }

  private void stopParts() {
    // The ingestion first: it reads through the connectors (and the demo's sandbox) publishing
    // owns.
    if (conversations != null) {
      conversations.close();
      conversations = null;
    }
    if (publishing != null) {
      publishing.close();
      publishing = null;
    }
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
