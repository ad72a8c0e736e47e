package org.digitalbranch.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * The index's files hold patrons' messages, direct ones included, as the store does. Lucene creates
 * them as the server's umask says (usually readable by every user of the machine); this makes each
 * one the owner's alone as soon as Lucene has created it, before anything is written to it. The
 * folder around them is closed too; this matters for a copy of the index that keeps permissions.
 * Where the file system has no POSIX permissions nothing is changed.
 */
final class OwnerOnlyDirectory extends FilterDirectory {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private final Path folder;
  private final boolean posix;

  private OwnerOnlyDirectory(FSDirectory directory) {
    super(directory);
    this.folder = directory.getDirectory();
    this.posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  static FilterDirectory open(Path folder) throws IOException {
    return new OwnerOnlyDirectory(FSDirectory.open(folder));
  }

  @Override
  public IndexOutput createOutput(String name, IOContext context) throws IOException {
    return restricted(in.createOutput(name, context));
  }

  @Override
  public IndexOutput createTempOutput(String prefix, String suffix, IOContext context)
      throws IOException {
    return restricted(in.createTempOutput(prefix, suffix, context));
  }

  private IndexOutput restricted(IndexOutput output) throws IOException {
    if (posix) {
      try {
        Files.setPosixFilePermissions(folder.resolve(output.getName()), FILE);
      } catch (IOException | RuntimeException e) {
        output.close();
        throw e;
      }
    }
    return output;
  }
}
