package org.digitalbranch.platform.sandbox;

import java.time.Instant;

/** A post or reply the library published to a sandbox platform through its API. */
public record PublishedPost(
    SandboxPlatform platform, String id, String url, String text, Instant at, String inReplyTo) {}
