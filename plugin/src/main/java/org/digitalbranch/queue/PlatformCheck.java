package org.digitalbranch.queue;

/**
 * How a post fits one target account: {@code used} of {@code limit} in that platform's unit
 * (weighted characters, graphemes or characters), and a sentence for the counter under the text.
 */
public record PlatformCheck(
    String account, Network network, int used, int limit, boolean ok, String message) {}
