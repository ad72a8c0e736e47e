package org.digitalbranch.queue;

import java.util.List;

/** The live counters and accessibility hints for a text being written. */
public record Preview(List<PlatformCheck> platforms, List<LintWarning> warnings) {}
