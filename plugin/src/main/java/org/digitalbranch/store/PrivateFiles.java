package org.digitalbranch.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folders and files only the intranet's own user may read. The plugin's data folder holds the store
 * (patrons' direct messages, X's renewed refresh tokens) and the archive's index (the same
 * messages, searchable); a server's default umask leaves new files readable by every user of the
 * machine. Where the file system has no POSIX permissions (Windows), the folder's own access list
 * applies and nothing is changed.
 */
public final class PrivateFiles {

  private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);

  static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates the folder if needed and makes it the owner's alone, if it was not already. */
  public static Path folder(Path folder) throws IOException {
    Files.createDirectories(folder);
    restrict(folder, FOLDER);
    return folder;
  }

  /**
   * Makes the file the owner's alone, creating it empty when absent so that it never exists with
   * wider permissions (SQLite gives its -wal and -shm files the database file's permissions).
   */
  public static Path file(Path file) throws IOException {
    if (posix(file)) {
      try {
        Files.createFile(file, attribute(FILE));
      } catch (FileAlreadyExistsException exists) {
        restrict(file, FILE);
      }
    }
    return file;
  }

  /**
   * Creates the folder if needed and makes it and every file directly in it the owner's alone: the
   * index's, images' and uploads' files written by a version that left them as the umask made them.
   */
  public static Path folderWithFiles(Path folder) throws IOException {
    folder(folder);
    if (posix(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
              restrict(file, FILE);
            } catch (NoSuchFileException gone) {
              // Deleted since the folder was listed (a merge, a maintenance task): nothing to do.
            }
          }
        }
      }
    }
    return folder;
  }

  /**
   * Writes a new file that is the owner's alone from the moment it exists, not after the umask's
   * wider permissions were set and changed.
   *
   * @throws FileAlreadyExistsException when the file exists: it is never overwritten
   */
  public static void writeNew(Path file, byte[] content) throws IOException {
    Set<StandardOpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileAttribute<?>[] ownerOnly =
        posix(file) ? new FileAttribute<?>[] {attribute(FILE)} : new FileAttribute<?>[0];
    try (SeekableByteChannel channel = Files.newByteChannel(file, options, ownerOnly)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  /** Restricts the file if it exists; nothing when it does not. */
  public static void ifPresent(Path file) throws IOException {
    if (Files.exists(file)) {
      restrict(file, FILE);
    }
  }

  /**
   * Only the owner (or root) may change a file's permissions: a folder restored by another user and
   * shared through its group is used as it is, with a warning that says what to do, rather than
   * keeping the intranet from starting.
   */
  private static void restrict(Path path, Set<PosixFilePermission> wanted) throws IOException {
    if (!posix(path)) {
      return;
    }
    Set<PosixFilePermission> found = Files.getPosixFilePermissions(path);
    if (found.equals(wanted)) {
      return;
    }
    try {
      Files.setPosixFilePermissions(path, wanted);
    } catch (FileSystemException notOurs) {
      LOG.warn(
          "{} is {} and could not be made {} ({}): it holds patrons' messages; let only the"
              + " intranet's user read it",
          path,
          PosixFilePermissions.toString(found),
          PosixFilePermissions.toString(wanted),
          notOurs.getClass().getSimpleName());
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(
      Set<PosixFilePermission> permissions) {
    return PosixFilePermissions.asFileAttribute(permissions);
  }
}
