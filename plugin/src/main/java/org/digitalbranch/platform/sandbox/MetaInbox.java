package org.digitalbranch.platform.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The private conversations Meta keeps between an account and the people who write to it, for
 * Messenger (a Page's) and Instagram Direct (a professional account's) alike: one conversation per
 * person, whose messages simply follow one another, listed with the newest message first; and the
 * reply window both Send APIs apply. The platforms render them in their own shapes.
 */
final class MetaInbox {
  /** The standard window: a reply is allowed this long after the person's last message. */
  static final Duration STANDARD_WINDOW = Duration.ofHours(24);

  /** How long after the person's last message a {@code HUMAN_AGENT}-tagged reply is allowed. */
  static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);

  /** Meta gives details of only a conversation's most recent messages. */
  static final int MESSAGES_SHOWN = 20;

  private final ItemStore store;
  private final Function<Person, String> scopedId;

  /**
   * Each person's one conversation with the account, by their id as the account sees them, as its
   * first message: Meta keeps a single thread per person and account, so writing again continues
   * it.
   */
  private final Map<String, Item> conversations = new ConcurrentHashMap<>();

  MetaInbox(ItemStore store, Function<Person, String> scopedId) {
    this.store = store;
    this.scopedId = scopedId;
  }

  /** Where a seeded private conversation goes: after the person's earlier messages, if any. */
  Item rootParent(GeneratedConversation conversation) {
    if (!conversation.direct()) {
      return null;
    }
    Item root = conversations.get(scopedId.apply(conversation.root().author()));
    return root == null ? null : thread(root).getLast();
  }

  void seeded(Item item) {
    if (item.direct && item.parent == null) {
      conversations.putIfAbsent(scopedId.apply(item.author), item);
    }
  }

  /**
   * A private message from a person to the account, in that person's conversation (new if none).
   */
  Item messageFrom(Person person, String text, Instant at) {
    Item root = conversations.get(scopedId.apply(person));
    Item item =
        store.add(
            root == null ? null : thread(root).getLast(),
            person,
            MessageKind.DIRECT_MESSAGE,
            true,
            at,
            text,
            null,
            List.of());
    seeded(item);
    return item;
  }

  /** The account's answer, now, at the end of the conversation. */
  Item answer(Item root, Person account, String text) {
    return store.add(
        thread(root).getLast(),
        account,
        MessageKind.DIRECT_MESSAGE,
        true,
        Instant.now(),
        text,
        null,
        List.of());
  }

  /** The people of the {@code count} conversations with the newest messages, newest first. */
  List<Person> recentCorrespondents(int count) {
    return conversations(null).keySet().stream().limit(count).map(root -> root.author).toList();
  }

  /** The conversation (as its first message) with the person of that id; null for none. */
  Item with(String personId) {
    return personId == null ? null : conversations.get(personId);
  }

  /**
   * The conversations (as their first message) with their messages still there, oldest first; the
   * conversation with the newest message comes first, as Meta's inbox lists them. A conversation
   * whose every message was unsent is left out. {@code personId} keeps only that person's.
   */
  Map<Item, List<Item>> conversations(String personId) {
    Map<Item, List<Item>> inbox = new IdentityHashMap<>();
    conversations.forEach(
        (id, root) -> {
          if (personId == null || personId.equals(id)) {
            List<Item> messages = thread(root).stream().filter(item -> !item.deleted).toList();
            if (!messages.isEmpty()) {
              inbox.put(root, messages);
            }
          }
        });
    Map<Item, List<Item>> ordered = new LinkedHashMap<>();
    inbox.entrySet().stream()
        .sorted(
            Comparator.comparingLong(
                    (Map.Entry<Item, List<Item>> entry) -> entry.getValue().getLast().key)
                .reversed())
        .forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
    return ordered;
  }

  /** The messages a conversation shows in detail: its 20 newest, newest first. */
  static List<Item> shown(List<Item> messages) {
    return messages
        .subList(Math.max(0, messages.size() - MESSAGES_SHOWN), messages.size())
        .reversed();
  }

  /**
   * Whether the account may answer the conversation now: within 24 hours of the person's last
   * message still there, or 7 days with the {@code HUMAN_AGENT} tag.
   */
  boolean withinWindow(Item root, boolean humanAgent) {
    Instant lastFromPerson =
        thread(root).stream()
            .filter(message -> !message.ours && !message.deleted)
            .map(message -> message.createdAt)
            .max(Comparator.naturalOrder())
            .orElse(null);
    Duration window = humanAgent ? HUMAN_AGENT_WINDOW : STANDARD_WINDOW;
    return lastFromPerson != null && !lastFromPerson.plus(window).isBefore(Instant.now());
  }

  /** Every message of a conversation, unsent ones too, oldest first. */
  static List<Item> thread(Item root) {
    List<Item> all = new ArrayList<>();
    Deque<Item> waiting = new ArrayDeque<>();
    waiting.push(root);
    while (!waiting.isEmpty()) {
      Item item = waiting.pop();
      all.add(item);
      item.children.forEach(waiting::push);
    }
    all.sort(Comparator.comparingLong(item -> item.key));
    return all;
  }
}
