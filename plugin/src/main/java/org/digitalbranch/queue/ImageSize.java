package org.digitalbranch.queue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * An image's width and height in pixels, read from its header only: the pixels are never decoded,
 * so a small file that claims to be enormous costs nothing. A file whose header cannot be read, or
 * claims a size no platform takes, is not a whole image (a platform would refuse it after
 * approval); Bluesky shows a picture at its own proportions only when the post gives them.
 */
public record ImageSize(int width, int height) {

  public ImageSize {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("an image is at least 1 x 1 pixel");
    }
  }

  /**
   * The size of a whole PNG, JPEG, GIF or WebP image, from its header; empty when {@link #problem}
   * finds one.
   */
  public static Optional<ImageSize> of(byte[] content) {
    Checked checked = check(content);
    return checked.problem() == null ? Optional.of(checked.size()) : Optional.empty();
  }

  /**
   * Why the content is not a whole image a platform takes, in words for the person who chose the
   * file; empty when it is one. Checked without decoding a pixel: the header's size, within {@link
   * #MAX_SIDE} and {@link #MAX_PIXELS}, and the format's own structure up to its end, which a file
   * cut short lacks.
   */
  public static Optional<String> problem(byte[] content) {
    return Optional.ofNullable(check(content).problem());
  }

  /** The one check both answers come from: a problem, or else the size. */
  private record Checked(String problem, ImageSize size) {}

  private static Checked check(byte[] content) {
    ImageStore.ImageType type = ImageStore.sniff(content);
    if (type == null) {
      return new Checked("it is not a PNG, JPEG, GIF or WebP image", null);
    }
    Optional<ImageSize> header =
        type == ImageStore.ImageType.WEBP ? webp(content) : fromImageIo(content, type);
    if (header.isEmpty()) {
      return new Checked(
          "it starts like a "
              + type.name()
              + " image but its size cannot be read: the file is cut short or damaged",
          null);
    }
    int width = header.get().width();
    int height = header.get().height();
    if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
      return new Checked(
          String.format(
              Locale.ROOT,
              "it is %,d x %,d pixels; platforms take at most %,d pixels a side and 64 megapixels",
              width,
              height,
              MAX_SIDE),
          null);
    }
    if (!ended(content, type)) {
      return new Checked("the file ends before the image does: it is cut short", null);
    }
    return new Checked(null, header.get());
  }

  /**
   * Whether the image's data is all there, walking the format's own structure (WebP's declared
   * length is checked with its size). Searching for an end mark anywhere would be fooled by a
   * camera's thumbnail, a JPEG inside the JPEG, or a colour table's bytes.
   */
  private static boolean ended(byte[] content, ImageStore.ImageType type) {
    try {
      return switch (type) {
        case PNG -> pngEnded(content);
        case JPEG -> jpegEnded(content);
        case GIF -> gifEnded(content);
        case WEBP -> true;
      };
    } catch (ArrayIndexOutOfBoundsException cutShort) {
      return false;
    }
  }

  /** PNG: chunks of length, type, data and CRC from byte 8, up to the IEND chunk. */
  private static boolean pngEnded(byte[] content) {
    long at = 8;
    while (at + 12 <= content.length) {
      long length = big(content, (int) at) & 0xFFFFFFFFL;
      String type = new String(content, (int) at + 4, 4, StandardCharsets.US_ASCII);
      if (type.equals("IEND")) {
        return true;
      }
      at += 12 + length;
    }
    return false;
  }

  /**
   * JPEG: marker segments with their lengths up to the first start of scan (an Exif thumbnail, with
   * its own end marker, sits in a segment before it), then the end-of-image marker after it.
   */
  private static boolean jpegEnded(byte[] content) {
    int at = 2;
    while (at + 4 <= content.length) {
      if ((content[at] & 0xFF) != 0xFF) {
        return false;
      }
      int marker = content[at + 1] & 0xFF;
      if (marker == 0xFF) {
        at++; // fill byte
        continue;
      }
      if (marker == 0xD9) {
        return false; // the image ends before any scan
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        at += 2;
        continue;
      }
      int length = ((content[at + 2] & 0xFF) << 8) | (content[at + 3] & 0xFF);
      if (marker == 0xDA) {
        return lastIndexOf(content, new byte[] {(byte) 0xFF, (byte) 0xD9}) > at + 2 + length;
      }
      at += 2 + length;
    }
    return false;
  }

  /**
   * GIF: after the screen descriptor and its colour table, extension and image blocks with their
   * data sub-blocks, up to the trailer 0x3B. Bytes after the trailer do not matter.
   */
  private static boolean gifEnded(byte[] content) {
    int at = 13;
    int packed = content[10] & 0xFF;
    if ((packed & 0x80) != 0) {
      at += 3 * (1 << ((packed & 0x07) + 1));
    }
    while (at < content.length) {
      int block = content[at] & 0xFF;
      if (block == 0x3B) {
        return true;
      } else if (block == 0x21) {
        at = subBlocks(content, at + 2);
      } else if (block == 0x2C) {
        int local = content[at + 9] & 0xFF;
        at += 10;
        if ((local & 0x80) != 0) {
          at += 3 * (1 << ((local & 0x07) + 1));
        }
        at = subBlocks(content, at + 1); // after the LZW minimum code size
      } else {
        return false;
      }
    }
    return false;
  }

  /** The position after a chain of data sub-blocks (a size byte, that many bytes; 0 ends it). */
  private static int subBlocks(byte[] content, int at) {
    while (true) {
      int size = content[at] & 0xFF;
      at += 1 + size;
      if (size == 0) {
        return at;
      }
    }
  }

  private static int big(byte[] content, int offset) {
    return ((content[offset] & 0xFF) << 24)
        | ((content[offset + 1] & 0xFF) << 16)
        | ((content[offset + 2] & 0xFF) << 8)
        | (content[offset + 3] & 0xFF);
  }

  private static int lastIndexOf(byte[] content, byte[] mark) {
    for (int at = content.length - mark.length; at >= 0; at--) {
      if (java.util.Arrays.equals(content, at, at + mark.length, mark, 0, mark.length)) {
        return at;
      }
    }
    return -1;
  }

  /** The JDK's readers parse the header of PNG, JPEG and GIF without decoding the image. */
  private static Optional<ImageSize> fromImageIo(byte[] content, ImageStore.ImageType type) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type.contentType());
    if (!readers.hasNext()) {
      return Optional.empty();
    }
    ImageReader reader = readers.next();
    // In memory: ImageIO.createImageInputStream would cache the upload in a temporary file.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(content))) {
      reader.setInput(in, true, true);
      return sized(reader.getWidth(0), reader.getHeight(0));
    } catch (IOException | RuntimeException e) {
      // A truncated or corrupt header: ImageIO throws IIOException, or an unchecked exception from
      // a reader that trusted a length.
      return Optional.empty();
    } finally {
      reader.dispose();
    }
  }

  /**
   * WebP (no reader in the JDK): the RIFF container's first chunk gives the size. "VP8X" (extended)
   * holds the canvas size minus one in 24 bits each; "VP8 " (lossy) holds a key frame whose header
   * carries 14-bit width and height after the start code 9d 01 2a; "VP8L" (lossless) packs width
   * and height minus one in 14 bits each after the signature byte 0x2f.
   */
  private static Optional<ImageSize> webp(byte[] content) {
    // The container's declared length must be there: a file cut short declares more.
    if (content.length < 30 || 8L + (little(content, 4, 4) & 0xFFFFFFFFL) > content.length) {
      return Optional.empty();
    }
    String chunk = new String(content, 12, 4, StandardCharsets.US_ASCII);
    return switch (chunk) {
      case "VP8X" ->
          hasFrame(content)
              ? sized(1 + little(content, 24, 3), 1 + little(content, 27, 3))
              : Optional.empty();
      case "VP8 " ->
          (content[23] & 0xFF) == 0x9D
                  && (content[24] & 0xFF) == 0x01
                  && (content[25] & 0xFF) == 0x2A
              ? sized(little(content, 26, 2) & 0x3FFF, little(content, 28, 2) & 0x3FFF)
              : Optional.empty();
      case "VP8L" -> {
        if ((content[20] & 0xFF) != 0x2F) {
          yield Optional.empty();
        }
        int bits = little(content, 21, 4);
        yield sized(1 + (bits & 0x3FFF), 1 + ((bits >>> 14) & 0x3FFF));
      }
      default -> Optional.empty();
    };
  }

  /**
   * Whether an extended WebP holds an image after its header chunk: a "VP8 " or "VP8L" frame, or an
   * animation's "ANMF" frames. Chunks are a four-letter name, a 32-bit little-endian size and that
   * many bytes, padded to an even length.
   */
  private static boolean hasFrame(byte[] content) {
    long at = 12;
    while (at + 8 <= content.length) {
      String name = new String(content, (int) at, 4, StandardCharsets.US_ASCII);
      if (name.equals("VP8 ") || name.equals("VP8L") || name.equals("ANMF")) {
        return true;
      }
      long size = little(content, (int) at + 4, 4) & 0xFFFFFFFFL;
      at += 8 + size + (size & 1);
    }
    return false;
  }

  private static int little(byte[] content, int offset, int length) {
    int value = 0;
    for (int i = length - 1; i >= 0; i--) {
      value = (value << 8) | (content[offset + i] & 0xFF);
    }
    return value;
  }

  /**
   * The largest side accepted. Beyond it no platform takes the image (Facebook, the most generous,
   * stops well below), so a header claiming more is a damaged or forged file, not a photo.
   */
  static final int MAX_SIDE = 16_384;

  /** The most pixels accepted: about a 64-megapixel camera's, far above any platform's need. */
  static final long MAX_PIXELS = 64_000_000L;

  private static Optional<ImageSize> sized(int width, int height) {
    return width > 0 && height > 0 ? Optional.of(new ImageSize(width, height)) : Optional.empty();
  }
}
