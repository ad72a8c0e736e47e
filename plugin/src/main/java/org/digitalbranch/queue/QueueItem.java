package org.digitalbranch.queue;

import java.time.Duration;

/** A post waiting for a decision and how long it has waited since it was submitted. */
public record QueueItem(Post post, Duration age) {}
