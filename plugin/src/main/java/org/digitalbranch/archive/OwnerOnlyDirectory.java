package org.digitalbranch.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index's files hold patrons' messages, direct ones included, as the store does. Lucene creates
 * them as the server's umask says (usually readable by every user of the machine); this makes each
 * one the owner's alone as soon as Lucene has created it, before anything is written to it, which
 * matters for a copy of the index that keeps permissions (the plugin closes the folder itself at
 * start). Where the file system has no POSIX permissions nothing is changed; where it refuses the
 * change, a warning says so once and the index is written all the same.
 */
final class OwnerOnlyDirectory extends FilterDirectory {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyDirectory.class);

  private final Path folder;
  private final boolean posix;
  private final AtomicBoolean warned = new AtomicBoolean();

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

  private IndexOutput restricted(IndexOutput output) {
    if (posix) {
      try {
        Files.setPosixFilePermissions(folder.resolve(output.getName()), FILE);
      } catch (IOException | UnsupportedOperationException e) {
        // A mount that reports POSIX permissions but refuses to change them (some CIFS and NFS
        // set-ups): the index must still be written; its folder's own permissions apply.
        if (!warned.getAndSet(true)) {
          LOG.warn(
              "The index's files in {} could not be made readable by the intranet's user alone"
                  + " ({}); check the folder's permissions",
              folder,
              e.getClass().getSimpleName());
        }
      }
    }
    return output;
  }
}
