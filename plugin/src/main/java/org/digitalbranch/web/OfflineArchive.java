package org.digitalbranch.web;

import java.nio.file.Files;
import java.nio.file.Path;
import org.digitalbranch.archive.ArchiveSchema;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.config.InvalidConfigException;
import org.digitalbranch.descriptor.spi.MaintenanceContext;
import org.digitalbranch.descriptor.spi.MaintenanceTask;
import org.digitalbranch.store.DataFolderLock;
import org.digitalbranch.store.Database;

/** What the archive's command-line tasks share: finding the store and refusing with a reason. */
final class OfflineArchive {

  private OfflineArchive() {}

  /**
   * The plugin's data folder, where the index lives, when the intranet has run on it: with SQLite
   * the store's file is there; with PostgreSQL the folder itself is.
   */
  static Path storeFolder(MaintenanceContext context, DigitalBranchConfig config, String task) {
    Path folder = context.dataDirectory();
    refuseAnotherUser(folder, task);
    boolean ran =
        config.database().isPostgresql()
            ? Files.isDirectory(folder)
            : Files.isRegularFile(folder.resolve(Database.FILE_NAME));
    if (!ran) {
      throw new IllegalStateException(
          "there is no Digital Branch store in "
              + folder.toAbsolutePath().normalize()
              + ": the intranet has never run on this data folder, so there is nothing to "
              + task);
    }
    return folder;
  }

  /**
   * A task runs as the user the intranet runs as. Run as root, it left the files it wrote root's,
   * and the intranet's next start could not open them; run as another user, it could not see the
   * folder at all and said the intranet had never run there.
   */
  private static void refuseAnotherUser(Path folder, String task) {
    Path existing = folder.toAbsolutePath().normalize();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return;
    }
    if (!Files.isReadable(existing) || !Files.isExecutable(existing)) {
      throw new IllegalStateException(
          "permission denied on "
              + existing
              + ": run the task as the user the intranet runs as, who owns its data folder."
              + " Nothing was changed.");
    }
    if (!existing.equals(folder.toAbsolutePath().normalize())) {
      return;
    }
    java.nio.file.attribute.UserPrincipal owner;
    java.nio.file.attribute.UserPrincipal me;
    try {
      owner = Files.getOwner(existing);
      me = processUser();
    } catch (java.io.IOException | UnsupportedOperationException e) {
      // No owner to compare on this file system: the permissions decide, as before.
      return;
    }
    // Principals, not names: on Unix they compare user ids (a container's user without a name
    // included), on Windows account ids, where names carry a domain.
    if (!owner.equals(me)) {
      throw new IllegalStateException(
          "the data folder "
              + existing
              + " belongs to "
              + owner.getName()
              + " and this task runs as "
              + me.getName()
              + ": run it as "
              + owner.getName()
              + " (for example sudo -u "
              + owner.getName()
              + " java -jar ...), so that what it writes stays readable by the intranet. Nothing"
              + " was "
              + (task.equals("check") ? "checked" : "changed")
              + ".");
    }
  }

  /** The user this process runs as, as the file system names owners: a new file's owner. */
  private static java.nio.file.attribute.UserPrincipal processUser() throws java.io.IOException {
    Path probe = Files.createTempFile("digital-branch-owner", ".probe");
    try {
      return Files.getOwner(probe);
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  /**
   * The store the settings name, SQLite in the data folder or PostgreSQL, as the plugin opens it,
   * said before any work: without the intranet's settings file a PostgreSQL deployment's task would
   * read an old SQLite file in the data folder instead.
   */
  static Database openStore(
      MaintenanceContext context,
      DigitalBranchConfig config,
      ClassLoader classLoader,
      MaintenanceTask.Progress progress) {
    // As it is: a task changes no schema (the intranet's start upgrades an older store).
    Database database =
        Database.openAsItIs(context.dataDirectory(), config.database(), classLoader);
    progress.say("reading the store " + database.description());
    return database;
  }

  /** The index schema the settings ask for (the library's time zone shapes its date facets). */
  static ArchiveSchema schema(DigitalBranchConfig config) {
    return new ArchiveSchema(config.timeZone());
  }

  /** The settings, read and checked once per task, as the plugin reads them at start. */
  static DigitalBranchConfig config(MaintenanceContext context) {
    try {
      return DigitalBranchConfig.from(context.settings(), context.demo());
    } catch (InvalidConfigException e) {
      throw new IllegalStateException(
          "the settings have problems: " + String.join("; ", e.problems()), e);
    }
  }

  /** The data folder, taken for the task, or refused as {@link #inUse} would. */
  static DataFolderLock take(Path folder) throws java.io.IOException {
    try {
      return DataFolderLock.take(folder);
    } catch (DataFolderLock.InUse e) {
      throw inUse(folder.resolve(ArchiveRuntime.INDEX_FOLDER), e);
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
