package org.digitalbranch.web;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.digitalbranch.archive.ArchiveSchema;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.store.Database;

/**
 * The archive's web side, built in one go for {@link DigitalBranchPlugin}: its runtime (store,
 * index, sync), the API routes, the pages, and the global search provider.
 */
final class ArchiveWeb implements AutoCloseable {

  private final ArchiveRuntime runtime;
  private final ArchiveReads reads;
  private final ArchiveViews views;
  private final Clock clock;

  private ArchiveWeb(ArchiveRuntime runtime, DigitalBranchConfig config, Clock clock) {
    this.runtime = runtime;
    this.reads = new ArchiveReads(runtime, new ArchiveAccess(config));
    this.views = new ArchiveViews(config.timeZone());
    this.clock = clock;
  }

  /** Opens the archive under the data folder and brings its index up to the store. */
  static ArchiveWeb open(
      Path dataDirectory, Database database, DigitalBranchConfig config, Clock clock, boolean demo)
      throws IOException {
    ArchiveRuntime runtime =
        ArchiveRuntime.open(
            dataDirectory, database, new ArchiveSchema(config.timeZone()), clock, demo);
    return new ArchiveWeb(runtime, config, clock);
  }

  ArchiveRuntime runtime() {
    return runtime;
  }

  Router api(Router api) {
    return new ArchiveApi(runtime, reads, views, clock).routes(api);
  }

  /**
   * @param platforms what each account's platform allows and counts (the conversation page offers
   *     only that moderation and shows the reply's limit)
   * @param reviews replies held for review, shown on the conversation page and, to moderators, in
   *     the inbox
   */
  Router pages(
      Router pages,
      DigitalBranchConfig config,
      ConversationPlatforms platforms,
      ReplyReviewActions reviews) {
    ConversationPage conversation =
        new ConversationPage(runtime, reads, views, config.moderationReasons(), platforms, reviews);
    RebuildPage rebuild = new RebuildPage(runtime, views);
    return pages
        .get("inbox", new InboxPage(reads, views, config, reviews)::show)
        .get("archive", new ArchivePage(reads, views)::show)
        .get("archive/rebuild", rebuild::show)
        .post("archive/rebuild", rebuild::start)
        .get("conversations/{id}", conversation::show)
        .post("conversations/{id}/close", conversation::close)
        .post("conversations/{id}/reopen", conversation::reopen);
  }

  /**
   * @param pagesPath the plugin's pages as the browser addresses them, e.g. {@code /digital-branch}
   */
  ArchiveSearchProvider searchProvider(String pagesPath) {
    return new ArchiveSearchProvider(
        reads, views, pagesPath + "/conversations/", pagesPath + "/archive");
  }

  /** How many conversations {@code user} may read wait for an answer (the inbox's count). */
  long answersWaiting(org.digitalbranch.descriptor.spi.IntranetUser user) {
    return reads.unansweredTotal(user);
  }

  /** Starts the periodic pull, once the routes are in place. */
  void startPulling() {
    runtime.startPulling();
  }

  @Override
  public void close() {
    runtime.close();
  }
}
