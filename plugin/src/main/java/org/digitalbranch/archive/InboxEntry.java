package org.digitalbranch.archive;

import java.time.Instant;

/**
 * One line of the inbox: a conversation and the customer message that waits for an answer (or the
 * latest one, when none waits).
 *
 * @param waitingSince when the oldest unanswered customer message arrived; null unless unanswered
 * @param latestCustomerAuthor the display name of the latest customer message's author (its handle
 *     when the platform gives no name); null when there is none
 * @param latestCustomerText its latest text; null when there is none
 * @param waitingAuthor the display name (or handle) of the first customer message that waits for an
 *     answer; null when none waits
 * @param waitingText that message's latest text; null when none waits
 * @param waitingMessageId that message's archive id; null when none waits
 */
public record InboxEntry(
    String conversationId,
    String account,
    String platform,
    MessageKind kind,
    ConversationStatus status,
    String topic,
    Instant startedAt,
    Instant waitingSince,
    String answeredBy,
    int messages,
    String latestCustomerAuthor,
    String latestCustomerText,
    String waitingAuthor,
    String waitingText,
    String waitingMessageId) {}
