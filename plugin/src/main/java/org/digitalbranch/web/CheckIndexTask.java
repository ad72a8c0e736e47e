package org.digitalbranch.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import org.digitalbranch.archive.ArchiveIndex;
import org.digitalbranch.archive.ArchiveStore;
import org.digitalbranch.archive.IndexCheck;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.descriptor.spi.MaintenanceContext;
import org.digitalbranch.descriptor.spi.MaintenanceTask;
import org.digitalbranch.store.DataFolderLock;
import org.digitalbranch.store.Database;

/**
 * {@code java -jar digital-branch.jar check-index}: tells whether the archive's search index holds
 * exactly what the store holds, while the intranet is stopped. Succeeds when they agree; fails
 * listing the first differences, which {@code rebuild-index} (or simply starting the intranet, for
 * changes it has not replayed yet) repairs.
 */
final class CheckIndexTask implements MaintenanceTask {

  static final String NAME = "check-index";

  /** Differences listed before the check stops counting them. */
  static final int SHOWN = 20;

  private final Clock clock;

  CheckIndexTask(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Check that the conversation archive's search index holds exactly what the store"
        + " holds; changes nothing.";
  }

  @Override
  public void run(MaintenanceContext context, Progress progress) throws Exception {
    DigitalBranchConfig config = OfflineArchive.config(context);
    Path folder = OfflineArchive.storeFolder(context, config, "check");
    try (DataFolderLock taken = OfflineArchive.take(folder)) {
      run(context, progress, config, folder);
    }
  }

  private void run(
      MaintenanceContext context, Progress progress, DigitalBranchConfig config, Path folder)
      throws Exception {
    Path indexFolder = folder.resolve(ArchiveRuntime.INDEX_FOLDER);
    if (!Files.isDirectory(indexFolder)) {
      throw new IllegalStateException(
          "there is no index in "
              + indexFolder.toAbsolutePath().normalize()
              + "; run rebuild-index");
    }
    IndexCheck check;
    try {
      check = IndexCheck.lock(indexFolder);
    } catch (ArchiveIndex.InUse e) {
      throw OfflineArchive.inUse(indexFolder, e);
    }
    IndexCheck.Result result;
    try (check;
        Database database =
            OfflineArchive.openStore(
                context, config, CheckIndexTask.class.getClassLoader(), progress)) {
      // Without the intranet's --config the zone is the default one: said, so it is noticed.
      progress.say("years and months counted in the time zone " + config.timeZone());
      ArchiveStore store = new ArchiveStore(DigitalBranchPlugin.transactorOver(database), clock);
      try {
        result = check.compare(store, OfflineArchive.schema(config), SHOWN);
      } catch (java.io.IOException | IndexOutOfBoundsException unreadable) {
        // Garbage read from a damaged file shows as whatever it led to ("Index 65 out of bounds").
        throw new IllegalStateException(
            "the index cannot be read, it is damaged ("
                + unreadable
                + "); run rebuild-index, or start the intranet, which rebuilds it",
            unreadable);
      }
    }
    if (!result.consistent()) {
      result.differences().forEach(progress::say);
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "the index (%,d conversations) does not hold what the store holds (%,d"
                  + " conversations); run rebuild-index",
              result.indexConversations(),
              result.storeConversations()));
    }
    progress.say(
        String.format(
            Locale.ROOT,
            "the index holds exactly the store's %,d conversations",
            result.storeConversations()));
  }
}
