package org.digitalbranch.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks and stores uploaded images. The type comes from the content's magic bytes, never from a
 * name; the stored name is generated here ({@code <random id>.<ext>}), so nothing the client sends
 * reaches the file system path.
 */
public final class ImageStore {
  public static final int MAX_IMAGES = 4;

  private final Path folder;
  private final long maxBytes;

  public ImageStore(Path folder, long maxBytes) {
    this.folder = folder;
    this.maxBytes = maxBytes;
  }

  /** The sniffed type of an image we accept. */
  public enum ImageType {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", "webp");

    private final String contentType;
    private final String extension;

    ImageType(String contentType, String extension) {
      this.contentType = contentType;
      this.extension = extension;
    }

    public String contentType() {
      return contentType;
    }
  }

  /** An upload that passed every check: named, and written only by {@link #write}. */
  public record Checked(PostImage image, byte[] content) {}

  /**
   * Checks the upload at position {@code index} of the post's images and writes it to the folder.
   *
   * @throws PostRefused as {@link #check}
   */
  public PostImage store(int index, byte[] content, String alt) {
    Checked checked = check(index, content, alt);
    write(List.of(checked));
    return checked.image();
  }

  /**
   * Checks the upload at position {@code index} of the post's images and names it, writing nothing:
   * a post refused for another reason leaves no file behind.
   *
   * @throws PostRefused {@code TooLarge} over the size limit, {@code Invalid} naming {@code
   *     images[index]} when the content is not a PNG, JPEG, GIF or WebP image whose header gives
   *     its size
   */
  public Checked check(int index, byte[] content, String alt) {
    String field = "images[" + index + "]";
    if (content == null || content.length == 0) {
      throw PostRefused.invalid(field, "the file is empty");
    }
    if (content.length > maxBytes) {
      throw new PostRefused(new Refusal.TooLarge(field, content.length, maxBytes));
    }
    ImageType type = sniff(content);
    if (type == null) {
      throw PostRefused.invalid(
          field, "is not a PNG, JPEG, GIF or WebP image (its content was checked, not its name)");
    }
    Optional<String> problem = ImageSize.problem(content);
    if (problem.isPresent()) {
      throw PostRefused.invalid(field, problem.get());
    }
    String id = Ids.random();
    return new Checked(
        new PostImage(id, id + "." + type.extension, type.contentType, alt, content.length),
        content);
  }

  /** Writes checked uploads; when one cannot be written, those already written are removed. */
  public void write(List<Checked> uploads) {
    List<Checked> written = new ArrayList<>();
    try {
      Files.createDirectories(folder);
      for (Checked upload : uploads) {
        writeNew(folder.resolve(upload.image().fileName()), upload.content());
        written.add(upload);
      }
    } catch (IOException e) {
      remove(written);
      throw new UncheckedIOException("could not store an image in " + folder, e);
    }
  }

  /**
   * A draft's image is unpublished work: the file is the owner's alone from the moment it exists
   * (where the file system has POSIX permissions), whatever the server's umask. This package
   * depends on no other of the plugin's, hence not on {@code PrivateFiles}, which does the same for
   * the store.
   */
  private static void writeNew(Path file, byte[] content) throws IOException {
    Set<StandardOpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileAttribute<?>[] ownerOnly =
        file.getFileSystem().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    try (SeekableByteChannel channel = Files.newByteChannel(file, options, ownerOnly)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  /** Removes written uploads of a post that was not saved after all. */
  public void remove(List<Checked> uploads) {
    for (Checked upload : uploads) {
      try {
        Files.deleteIfExists(folder.resolve(upload.image().fileName()));
      } catch (IOException e) {
        // Left behind, it is an unreferenced file and harms nothing; the refusal matters more.
      }
    }
  }

  public Path folder() {
    return folder;
  }

  /** The image type from the first bytes, or null when it is none we accept. */
  public static ImageType sniff(byte[] content) {
    if (startsWith(content, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return ImageType.PNG;
    }
    if (startsWith(content, 0, 0xFF, 0xD8, 0xFF)) {
      return ImageType.JPEG;
    }
    if (startsWith(content, 0, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(content, 0, 'G', 'I', 'F', '8', '9', 'a')) {
      return ImageType.GIF;
    }
    if (startsWith(content, 0, 'R', 'I', 'F', 'F') && startsWith(content, 8, 'W', 'E', 'B', 'P')) {
      return ImageType.WEBP;
    }
    return null;
  }

  private static boolean startsWith(byte[] content, int offset, int... expected) {
    if (content.length < offset + expected.length) {
      return false;
    }
    byte[] prefix = new byte[expected.length];
    for (int i = 0; i < expected.length; i++) {
      prefix[i] = (byte) expected[i];
    }
    return Arrays.equals(content, offset, offset + expected.length, prefix, 0, prefix.length);
  }
}
