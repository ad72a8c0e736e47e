package org.digitalbranch.queue;

/**
 * An image in a compose request: either new bytes to store, or an image the post already has (by
 * its id) with possibly new alt text. The client's file name is deliberately not part of it.
 */
public record ImageInput(String existingId, byte[] content, String alt) {
  public static ImageInput upload(byte[] content, String alt) {
    return new ImageInput(null, content, alt);
  }

  public static ImageInput keep(String existingId, String alt) {
    return new ImageInput(existingId, null, alt);
  }
}
