package org.digitalbranch.queue;

import java.time.Instant;

/** The "pause all publishing" switch, with who last flipped it and when (null if never). */
public record PauseState(boolean paused, String changedBy, Instant changedAt) {}
