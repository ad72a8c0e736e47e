package org.digitalbranch.platform.sandbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A platform's items in time order. Each item's key is its creation time in microseconds shifted
 * left by ten bits plus a counter, so keys sort by time, never collide, and give each platform ids
 * in its own style (Mastodon and X snowflakes, Bluesky TIDs).
 */
final class ItemStore {
  private final ConcurrentSkipListMap<Long, Item> byKey = new ConcurrentSkipListMap<>();
  private final Map<String, Item> byId = new ConcurrentHashMap<>();
  private final AtomicLong counter = new AtomicLong();
  private final LongFunction<String> idScheme;

  ItemStore(LongFunction<String> idScheme) {
    this.idScheme = idScheme;
  }

  Item add(
      Item parent,
      Person author,
      MessageKind kind,
      boolean direct,
      Instant at,
      String text,
      String link,
      List<Media> media) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
    while (true) {
      long key = (micros << 10) | (counter.getAndIncrement() & 1023);
      if (byKey.containsKey(key)) {
        continue;
      }
      Item item =
          new Item(key, idScheme.apply(key), parent, author, kind, direct, at, text, link, media);
      if (byKey.putIfAbsent(key, item) == null) {
        byId.put(item.id, item);
        if (parent != null) {
          parent.children.add(item);
        }
        return item;
      }
    }
  }

  /** An id the platform would give an item created at {@code at} (for media, containers). */
  String newId(Instant at) {
    return idScheme.apply(newKey(at));
  }

  /**
   * A key in the items' order for something that is no item, happening at {@code at} (Bluesky's
   * accepting of a chat, for one): later than every item created before it.
   */
  long newKey(Instant at) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
    return (micros << 10) | (counter.getAndIncrement() & 1023);
  }

  Item get(String id) {
    return id == null ? null : byId.get(id);
  }

  int size() {
    return byKey.size();
  }

  Stream<Item> newestFirst(Predicate<Item> filter) {
    return byKey.descendingMap().values().stream().filter(filter);
  }

  Stream<Item> oldestFirst(Predicate<Item> filter) {
    return byKey.values().stream().filter(filter);
  }

  /** Items strictly older than {@code key}, newest first. */
  Stream<Item> olderThan(long key, Predicate<Item> filter) {
    return byKey.headMap(key, false).descendingMap().values().stream().filter(filter);
  }

  /** Items strictly newer than {@code key}, oldest first. */
  Stream<Item> newerThan(long key, Predicate<Item> filter) {
    return byKey.tailMap(key, false).values().stream().filter(filter);
  }
}
