package org.digitalbranch.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.digitalbranch.queue.WorkflowTest.refusalOf;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
  /** Real files, as an image editor writes them (ImageIO; the JDK has no WebP writer). */
  static final byte[] PNG = written("png", 40, 30);

  static final byte[] JPEG = written("jpeg", 64, 48);
  static final byte[] GIF = written("gif", 12, 20);

  /** A lossy WebP's first bytes: RIFF, WEBP, the "VP8 " chunk, a key frame's 300 x 200 header. */
  static final byte[] WEBP =
      bytes(
          "RIFF\u0018\u0000\u0000\u0000WEBPVP8 \u0018\u0000\u0000\u0000"
              + "\u0010\u0002\u0000\u009d\u0001\u002a\u002c\u0001\u00c8\u0000\u0000\u0000");

  static final byte[] TEXT = "this is a text file named cat.png".getBytes(StandardCharsets.UTF_8);

  @TempDir Path folder;

  @Test
  void theTypeComesFromTheContent() {
    assertThat(ImageStore.sniff(PNG)).isEqualTo(ImageStore.ImageType.PNG);
    assertThat(ImageStore.sniff(JPEG)).isEqualTo(ImageStore.ImageType.JPEG);
    assertThat(ImageStore.sniff(GIF)).isEqualTo(ImageStore.ImageType.GIF);
    assertThat(ImageStore.sniff(WEBP)).isEqualTo(ImageStore.ImageType.WEBP);
    assertThat(ImageStore.sniff(TEXT)).isNull();
    assertThat(ImageStore.sniff("RIFF1234WAVE".getBytes(StandardCharsets.ISO_8859_1))).isNull();
  }

  @Test
  void anImageIsStoredUnderAGeneratedName() throws IOException {
    PostImage image = new ImageStore(folder, 1_000).store(0, PNG, "A reading nook");

    assertThat(image.fileName()).matches("[A-Za-z0-9_-]{22}\\.png");
    assertThat(image.contentType()).isEqualTo("image/png");
    assertThat(image.size()).isEqualTo(PNG.length);
    assertThat(Files.readAllBytes(folder.resolve(image.fileName()))).isEqualTo(PNG);
    try (var files = Files.list(folder)) {
      assertThat(files).containsExactly(folder.resolve(image.fileName()));
    }
  }

  @Test
  void aStoredImageIsTheOwnersAloneWhateverTheUmask() throws IOException {
    // A draft's image is unpublished work, kept in a folder a backup may copy with its modes.
    PostImage image = new ImageStore(folder, 1_000).store(0, PNG, "A reading nook");

    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(folder.resolve(image.fileName()))))
        .isEqualTo("rw-------");
  }

  @Test
  void whenOneOfSeveralUploadsCannotBeWrittenThoseWrittenBeforeItGoAgain() throws IOException {
    ImageStore store = new ImageStore(folder, 1_000);
    ImageStore.Checked first = store.check(0, PNG, "A reading nook");
    ImageStore.Checked second = store.check(1, PNG, "A cat");
    // The second's name is taken already, so writing it fails.
    Files.createDirectories(folder);
    Files.writeString(folder.resolve(second.image().fileName()), "someone else's");

    assertThatThrownBy(() -> store.write(List.of(first, second)))
        .isInstanceOf(java.io.UncheckedIOException.class);

    assertThat(folder.resolve(first.image().fileName())).doesNotExist();
    assertThat(folder.resolve(second.image().fileName())).hasContent("someone else's");
  }

  @Test
  void aTextFileIsRefusedNamingTheImage() {
    Refusal refusal = refusalOf(() -> new ImageStore(folder, 1_000).store(2, TEXT, "A cat"));

    assertThat(refusal)
        .isEqualTo(
            new Refusal.Invalid(
                "images[2]",
                "is not a PNG, JPEG, GIF or WebP image (its content was checked, not its name)"));
    assertThat(refusal.status()).isEqualTo(400);
  }

  @Test
  void anOversizedImageIsTooLarge() {
    Refusal refusal = refusalOf(() -> new ImageStore(folder, 10).store(0, PNG, "A cat"));

    assertThat(refusal).isEqualTo(new Refusal.TooLarge("images[0]", PNG.length, 10));
    assertThat(refusal.status()).isEqualTo(413);
    assertThat(folder).isEmptyDirectory();
  }

  @Test
  void exactlyTheLimitIsAccepted() {
    assertThat(new ImageStore(folder, PNG.length).store(0, PNG, "A cat").size())
        .isEqualTo(PNG.length);
  }

  @Test
  void theSizeComesFromEachTypesHeader() {
    assertThat(ImageSize.of(PNG)).contains(new ImageSize(40, 30));
    assertThat(ImageSize.of(JPEG)).contains(new ImageSize(64, 48));
    assertThat(ImageSize.of(GIF)).contains(new ImageSize(12, 20));
    assertThat(ImageSize.of(WEBP)).contains(new ImageSize(300, 200));
    // Lossless: the signature 0x2f, then width - 1 and height - 1 in 14 bits each.
    int packed = (640 - 1) | ((480 - 1) << 14);
    byte[] lossless =
        bytes(
            "RIFF\u0019\u0000\u0000\u0000WEBPVP8L\u0010\u0000\u0000\u0000\u002f"
                + new String(
                    new char[] {
                      (char) (packed & 0xFF),
                      (char) ((packed >>> 8) & 0xFF),
                      (char) ((packed >>> 16) & 0xFF),
                      (char) ((packed >>> 24) & 0xFF)
                    })
                + "\u0000".repeat(8));
    assertThat(ImageSize.of(lossless)).contains(new ImageSize(640, 480));
    assertThat(ImageSize.of(TEXT)).isEmpty();
  }

  @Test
  void aFileThatOnlyStartsLikeAnImageIsRefusedAndNothingIsStored() {
    byte[] signatureOnly = Arrays.copyOf(PNG, 8);

    Refusal refusal = refusalOf(() -> new ImageStore(folder, 1_000).store(1, signatureOnly, "A"));

    assertThat(refusal)
        .isEqualTo(
            new Refusal.Invalid(
                "images[1]",
                "it starts like a PNG image but its size cannot be read: the file is cut short or"
                    + " damaged"));
    assertThat(folder).isEmptyDirectory();
    assertThat(ImageSize.of(Arrays.copyOf(JPEG, 4))).isEmpty();
    assertThat(ImageSize.of(Arrays.copyOf(WEBP, 20))).isEmpty();
  }

  @Test
  void aFileCutAfterItsHeaderOrClaimingAHugeSizeIsRefusedSayingWhich() {
    // The PNG's signature and header chunk (33 bytes), none of its image: its size reads.
    assertThat(ImageSize.problem(Arrays.copyOf(PNG, 33)))
        .contains("the file ends before the image does: it is cut short");
    assertThat(ImageSize.problem(Arrays.copyOf(JPEG, JPEG.length - 2)))
        .contains("the file ends before the image does: it is cut short");
    assertThat(ImageSize.problem(Arrays.copyOf(GIF, GIF.length - 1)))
        .contains("the file ends before the image does: it is cut short");
    byte[] forged = PNG.clone();
    forged[16] = 0;
    forged[17] = 0;
    forged[18] = 0x4e;
    forged[19] = 0x20; // 20,000 pixels across
    assertThat(ImageSize.problem(forged))
        .contains(
            "it is 20,000 x 30 pixels; platforms take at most 16,384 pixels a side and 64"
                + " megapixels");
    // Both sides under 16,384, but 100 megapixels in all.
    forged[16] = 0;
    forged[17] = 0;
    forged[18] = 0x27;
    forged[19] = 0x10; // 10,000 across
    forged[20] = 0;
    forged[21] = 0;
    forged[22] = 0x27;
    forged[23] = 0x10; // 10,000 down
    assertThat(ImageSize.problem(forged))
        .contains(
            "it is 10,000 x 10,000 pixels; platforms take at most 16,384 pixels a side and 64"
                + " megapixels");
    assertThat(ImageSize.problem(PNG)).isEmpty();
    assertThat(ImageSize.problem(JPEG)).isEmpty();
    assertThat(ImageSize.problem(GIF)).isEmpty();
    assertThat(ImageSize.problem(WEBP)).isEmpty();
  }

  @Test
  void aHeaderClaimingASizeNoPlatformTakesOrAnExtendedWebpWithoutAFrameIsNotAnImage() {
    // A real PNG whose header was changed to claim 2,147,483,647 pixels across.
    byte[] forged = PNG.clone();
    forged[16] = 0x7f;
    forged[17] = (byte) 0xff;
    forged[18] = (byte) 0xff;
    forged[19] = (byte) 0xff;
    assertThat(ImageSize.of(forged)).isEmpty();
    assertThat(ImageSize.of(written("png", 16_384, 1))).contains(new ImageSize(16_384, 1));
    // VP8X says 16,777,216 x 16,777,216 and nothing follows it.
    byte[] vp8xHuge = {0, 0, 0, 0, -1, -1, -1, -1, -1, -1};
    assertThat(ImageSize.of(webp(chunk("VP8X", vp8xHuge)))).isEmpty();
    // A VP8X header of 640 x 480 followed by a frame: an image; without the frame, not.
    byte[] vp8x640 = {0, 0, 0, 0, 0x7f, 0x02, 0, (byte) 0xdf, 0x01, 0};
    byte[] withFrame = webp(chunk("VP8X", vp8x640), chunk("VP8L", new byte[10]));
    assertThat(ImageSize.of(webp(chunk("VP8X", vp8x640)))).isEmpty();
    assertThat(ImageSize.of(withFrame)).contains(new ImageSize(640, 480));
  }

  @Test
  void aPhotoCutShortIsRefusedEvenWhenItsThumbnailIsWhole() {
    // A camera's JPEG: an Exif segment right after the start holds a whole JPEG thumbnail, with
    // its own end-of-image marker, before the photo's own data.
    byte[] photo = written("jpeg", 400, 300);
    byte[] thumbnail = written("jpeg", 16, 12);
    ByteArrayOutputStream exif = new ByteArrayOutputStream();
    exif.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1});
    int length = 2 + 6 + thumbnail.length;
    exif.writeBytes(new byte[] {(byte) (length >>> 8), (byte) length});
    exif.writeBytes(bytes("Exif\u0000\u0000"));
    exif.writeBytes(thumbnail);
    exif.write(photo, 2, photo.length - 2);
    byte[] camera = exif.toByteArray();

    assertThat(ImageSize.problem(camera)).isEmpty();
    assertThat(ImageSize.problem(Arrays.copyOf(camera, camera.length - 40)))
        .contains("the file ends before the image does: it is cut short");
  }

  @Test
  void bytesAfterAWholeImageDoNotMatterButAGifCutAnywhereIsRefused() {
    byte[] padding = new byte[512];
    for (byte[] whole : List.of(PNG, JPEG, GIF, written("gif", 200, 200))) {
      byte[] padded = Arrays.copyOf(whole, whole.length + padding.length);
      assertThat(ImageSize.problem(padded)).isEmpty();
    }
    byte[] gif = written("gif", 200, 200);
    for (int cut = 14; cut < gif.length; cut++) {
      assertThat(ImageSize.problem(Arrays.copyOf(gif, cut))).as("cut at %d", cut).isPresent();
    }
    for (int cut = 34; cut < PNG.length; cut++) {
      assertThat(ImageSize.problem(Arrays.copyOf(PNG, cut))).as("cut at %d", cut).isPresent();
    }
  }

  /** A RIFF/WEBP container around the chunks, its declared size their length. */
  private static byte[] webp(byte[]... chunks) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(bytes("WEBP"));
    for (byte[] chunk : chunks) {
      body.writeBytes(chunk);
    }
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(bytes("RIFF"));
    file.writeBytes(littleEndian(body.size()));
    file.writeBytes(body.toByteArray());
    return file.toByteArray();
  }

  private static byte[] chunk(String name, byte[] data) {
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    chunk.writeBytes(bytes(name));
    chunk.writeBytes(littleEndian(data.length));
    chunk.writeBytes(data);
    return chunk.toByteArray();
  }

  private static byte[] littleEndian(int value) {
    return new byte[] {
      (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)
    };
  }

  private static byte[] written(String format, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertThat(ImageIO.write(image, format, out)).isTrue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(String latin1) {
    return latin1.getBytes(StandardCharsets.ISO_8859_1);
  }
}
