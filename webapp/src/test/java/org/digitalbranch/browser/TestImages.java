package org.digitalbranch.browser;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small real images, as a phone would hand them over. */
final class TestImages {

  static final int WIDTH = 40;

  private TestImages() {}

  /** A 40 by 30 PNG in the intranet's blue. */
  static byte[] png() {
    BufferedImage image = new BufferedImage(WIDTH, 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x0b5cad));
    g.fillRect(0, 0, WIDTH, 30);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
