package org.digitalbranch.platform.sandbox;

/** An uploaded image: its platform id, where the sandbox says it lives, its alt text and size. */
record Media(String id, String url, String altText, String mimeType, int size) {}
