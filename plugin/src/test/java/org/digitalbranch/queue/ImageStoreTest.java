package org.digitalbranch.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.queue.WorkflowTest.refusalOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
  static final byte[] PNG = {
    (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'
  };
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};
  static final byte[] GIF = "GIF89a\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);
  static final byte[] WEBP =
      "RIFF\u0024\u0000\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
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

    assertThat(refusal).isEqualTo(new Refusal.TooLarge("images[0]", 16, 10));
    assertThat(refusal.status()).isEqualTo(413);
    assertThat(folder).isEmptyDirectory();
  }

  @Test
  void exactlyTheLimitIsAccepted() {
    assertThat(new ImageStore(folder, PNG.length).store(0, PNG, "A cat").size()).isEqualTo(16);
  }
}
