package org.digitalbranch.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.digitalbranch.queue.ImageStore;
import org.digitalbranch.queue.ImageStore.ImageType;
import org.digitalbranch.store.PrivateFiles;

/**
 * Images uploaded with {@code POST api/images} and not yet part of a post. Each belongs to its
 * uploader alone, and only until a post takes it: the queue then stores its own copy under its own
 * id, and the staged file is deleted. Staged files live in their own folder, emptied at start, so
 * an abandoned upload never outlives a restart; each uploader keeps at most {@value #PER_USER}.
 */
final class StagedUploads {

  /** Enough for a post's four images and a few second thoughts. */
  static final int PER_USER = 12;

  record Staged(String id, String owner, Path file, ImageType type, long size) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path folder;
  private final Map<String, Staged> byId = new HashMap<>();
  private final Map<String, Deque<String>> byOwner = new HashMap<>();

  StagedUploads(Path folder) {
    this.folder = folder;
    try {
      Files.createDirectories(folder);
      try (Stream<Path> leftovers = Files.list(folder)) {
        for (Path leftover : leftovers.toList()) {
          if (Files.isRegularFile(leftover)) {
            Files.delete(leftover);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the upload folder " + folder, e);
    }
  }

  Path folder() {
    return folder;
  }

  /** Stages bytes already checked to be an image of {@code type}; returns its id. */
  Staged stage(String owner, byte[] content, ImageType type, String id) {
    Path file = folder.resolve(id + ".upload");
    try {
      PrivateFiles.writeNew(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage an upload in " + folder, e);
    }
    Staged staged = new Staged(id, owner, file, type, content.length);
    String evicted;
    synchronized (this) {
      byId.put(id, staged);
      Deque<String> owned = byOwner.computeIfAbsent(owner, o -> new ArrayDeque<>());
      owned.addLast(id);
      evicted = owned.size() > PER_USER ? owned.removeFirst() : null;
    }
    if (evicted != null) {
      discard(evicted);
    }
    return staged;
  }

  /** The upload {@code owner} staged as {@code id}; nobody else's. */
  synchronized Optional<Staged> find(String owner, String id) {
    Staged staged = byId.get(id);
    return staged != null && staged.owner().equals(owner) ? Optional.of(staged) : Optional.empty();
  }

  byte[] read(Staged staged) {
    try {
      return Files.readAllBytes(staged.file());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a staged upload", e);
    }
  }

  /** Forgets an upload a post has taken (or one evicted), deleting its file. */
  void discard(String id) {
    Staged staged;
    synchronized (this) {
      staged = byId.remove(id);
      if (staged != null) {
        Deque<String> owned = byOwner.get(staged.owner());
        if (owned != null) {
          owned.remove(id);
        }
      }
    }
    if (staged != null) {
      try {
        Files.deleteIfExists(staged.file());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete a staged upload", e);
      }
    }
  }

  /** A new upload's id: 128 random bits, as the API's image ids are. */
  static String newId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static ImageType sniff(byte[] content) {
    return ImageStore.sniff(content);
  }
}
