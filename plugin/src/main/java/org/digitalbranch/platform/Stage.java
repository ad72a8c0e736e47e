package org.digitalbranch.platform;

/**
 * Whether a request can create the post. A lost answer to a request that creates the post makes the
 * outcome {@link PublishOutcome.Unknown}; a lost answer to anything before it (a media upload, a
 * session, a status poll) only wastes work, so it is {@link PublishOutcome.Transient}.
 */
public enum Stage {
  PREPARE,
  PUBLISH
}
