package org.digitalbranch.queue;

/**
 * An image attached to a post. {@code fileName} is the name we generated in the image folder, never
 * the uploader's; {@code contentType} comes from the content's magic bytes.
 */
public record PostImage(String id, String fileName, String contentType, String alt, long size) {
  PostImage withAlt(String newAlt) {
    return new PostImage(id, fileName, contentType, newAlt, size);
  }
}
