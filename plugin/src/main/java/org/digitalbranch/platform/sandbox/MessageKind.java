package org.digitalbranch.platform.sandbox;

/** The platform-neutral kinds of a generated message; {@code POST} is the library's own post. */
public enum MessageKind {
  POST,
  COMMENT,
  REPLY,
  MENTION,
  DIRECT_MESSAGE
}
