package org.digitalbranch.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One intranet, or one maintenance task, at a time on a plugin data folder: an operating-system
 * lock on {@value #FILE_NAME}, taken before the store is opened and held until the plugin stops.
 * Without it a second intranet started on the same folder (another port, a second service) found
 * out only at the search index's lock, after it had already run the store's migrations under the
 * first one's feet. The lock goes with the process, so a crash leaves nothing to clean up.
 */
public final class DataFolderLock implements AutoCloseable {

  public static final String FILE_NAME = "intranet.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataFolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the data folder, or fails at once.
   *
   * @throws InUse when an intranet or a maintenance task holds it
   */
  public static DataFolderLock take(Path dataDirectory) throws IOException {
    Path file = PrivateFiles.file(PrivateFiles.folder(dataDirectory).resolve(FILE_NAME));
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldHere) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new InUse(dataDirectory);
    }
    return new DataFolderLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  /** Another intranet, or a maintenance task, works on the data folder. */
  public static final class InUse extends IllegalStateException {
    InUse(Path dataDirectory) {
      super(
          "another intranet, or a maintenance task, is using the data folder "
              + dataDirectory.toAbsolutePath().normalize()
              + ": stop it first. Nothing was changed.");
    }
  }
}
