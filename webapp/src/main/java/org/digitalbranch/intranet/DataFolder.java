package org.digitalbranch.intranet;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * Makes sure the data folder exists and can be written when the server starts: not when it is
 * built, so that settings refused before the start leave no empty folder behind.
 */
final class DataFolder extends AbstractLifeCycle {

  private final Path folder;

  DataFolder(Path folder) {
    this.folder = folder;
  }

  @Override
  protected void doStart() throws IOException {
    try {
      Files.createDirectories(folder);
      // An existing folder is not created again, so nothing else would notice it is read-only.
      if (!Files.isWritable(folder)) {
        throw new AccessDeniedException(folder.toString());
      }
    } catch (IOException e) {
      throw new IOException(problemOf(folder, e), e);
    }
  }

  /** The failure in an operator's words: which folder, why, and the two ways out. */
  static String problemOf(Path folder, IOException failure) {
    String why =
        switch (failure) {
          case AccessDeniedException denied -> "permission denied";
          case FileAlreadyExistsException file -> "a file of that name is in the way";
          case FileSystemException other when other.getReason() != null ->
              other.getReason().toLowerCase(java.util.Locale.ROOT);
          default -> String.valueOf(failure.getMessage());
        };
    return "cannot create or write the data folder "
        + folder.toAbsolutePath().normalize()
        + " ("
        + why
        + "): give the user the intranet runs as write access, or choose another with --data /"
        + " dataDir";
  }
}
