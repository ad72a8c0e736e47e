package org.digitalbranch.web;

import java.nio.file.Files;
import java.nio.file.Path;
import org.digitalbranch.archive.ArchiveSchema;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.config.InvalidConfigException;
import org.digitalbranch.descriptor.spi.MaintenanceContext;
import org.digitalbranch.store.Database;

/** What the archive's command-line tasks share: finding the store and refusing with a reason. */
final class OfflineArchive {

  private OfflineArchive() {}

  /** The plugin's data folder, when it holds a store. */
  static Path storeFolder(MaintenanceContext context, String task) {
    Path folder = context.dataDirectory();
    if (!Files.isRegularFile(folder.resolve(Database.FILE_NAME))) {
      throw new IllegalStateException(
          "there is no Digital Branch store in "
              + folder.toAbsolutePath().normalize()
              + ": the intranet has never run on this data folder, so there is nothing to "
              + task);
    }
    return folder;
  }

  /** The index schema the settings ask for (the library's time zone shapes its date facets). */
  static ArchiveSchema schema(MaintenanceContext context) {
    try {
      return new ArchiveSchema(
          DigitalBranchConfig.from(context.settings(), context.demo()).timeZone());
    } catch (InvalidConfigException e) {
      throw new IllegalStateException(
          "the settings have problems: " + String.join("; ", e.problems()), e);
    }
  }

  static IllegalStateException inUse(Path indexFolder, Exception cause) {
    return new IllegalStateException(
        "the search index in "
            + indexFolder.toAbsolutePath().normalize()
            + " is in use: an intranet is running on this data folder. Stop it first (or, to"
            + " rebuild, use the archive's Rebuild page while it runs). Nothing was changed.",
        cause);
  }
}
