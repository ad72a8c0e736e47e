package org.digitalbranch.web;

import java.nio.file.Path;
import java.time.Clock;
import org.digitalbranch.archive.ArchiveAnalysis;
import org.digitalbranch.archive.ArchiveIndex;
import org.digitalbranch.archive.ArchiveSchema;
import org.digitalbranch.archive.ArchiveStore;
import org.digitalbranch.archive.ArchiveSync;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.descriptor.spi.MaintenanceContext;
import org.digitalbranch.descriptor.spi.MaintenanceTask;
import org.digitalbranch.store.DataFolderLock;
import org.digitalbranch.store.Database;
import org.digitalbranch.store.PrivateFiles;

/**
 * {@code java -jar digital-branch.jar rebuild-index}: rebuilds the archive's search index from the
 * store while the intranet is stopped, the command-line twin of the admin's Rebuild page. For a
 * restored backup, a changed time zone (the year and month facets depend on it) or a damaged index
 * the intranet would not open.
 *
 * <p>The index is opened before the store: Lucene's write lock is what tells that an intranet is
 * running on this data folder, and then nothing is touched.
 */
final class RebuildIndexTask implements MaintenanceTask {

  static final String NAME = "rebuild-index";

  private final Clock clock;

  RebuildIndexTask(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Rebuild the conversation archive's search index from the store (after restoring a"
        + " backup, changing the time zone, or when the index is damaged).";
  }

  @Override
  public void run(MaintenanceContext context, Progress progress) throws Exception {
    DigitalBranchConfig config = OfflineArchive.config(context);
    Path folder = OfflineArchive.storeFolder(context, config, "rebuild");
    try (DataFolderLock taken = OfflineArchive.take(folder)) {
      run(context, progress, config, folder);
    }
  }

  private void run(
      MaintenanceContext context, Progress progress, DigitalBranchConfig config, Path folder)
      throws Exception {
    ArchiveSchema schema = OfflineArchive.schema(config);
    Path indexFolder = PrivateFiles.folder(folder.resolve(ArchiveRuntime.INDEX_FOLDER));
    ArchiveIndex index;
    try {
      index =
          ArchiveIndex.openForRebuild(
              indexFolder, schema, ArchiveAnalysis.withLibrarySynonyms(), progress::say);
    } catch (ArchiveIndex.InUse e) {
      throw OfflineArchive.inUse(indexFolder, e);
    }
    try (index;
        Database database =
            OfflineArchive.openStore(
                context, config, RebuildIndexTask.class.getClassLoader(), progress)) {
      // Without the intranet's --config the zone is the default one: said, so it is noticed.
      progress.say("years and months counted in the time zone " + config.timeZone());
      ArchiveStore store = new ArchiveStore(DigitalBranchPlugin.transactorOver(database), clock);
      ArchiveSync sync =
          new ArchiveSync(
              store, index, clock, ArchiveRuntime.COMMIT_EVERY, ArchiveRuntime.COMMIT_AFTER);
      long indexed =
          sync.rebuild((done, total) -> progress.count(done, total, "conversations indexed"));
      // The rebuild also applied what changed while it ran; closing the index would drop that.
      sync.commit();
      progress.say(
          "the index holds "
              + indexed
              + " conversations, up to the store's change "
              + sync.applied());
    }
  }
}
