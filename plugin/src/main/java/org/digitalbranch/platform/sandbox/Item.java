package org.digitalbranch.platform.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One post, comment, reply or message held by a sandbox platform, in the platform-neutral form
 * every platform renders into its own JSON. Versions are kept oldest first, as an archive expects.
 */
final class Item {
  record Version(String text, Instant at) {}

  final long key;
  final String id;
  final Item root;
  final Item parent;
  final Person author;
  final MessageKind kind;
  final boolean ours;
  final boolean direct;
  final Instant createdAt;
  final String link;
  final List<Media> media;
  final List<Version> versions = new CopyOnWriteArrayList<>();
  final List<Item> children = new CopyOnWriteArrayList<>();
  final Map<String, String> extra = new ConcurrentHashMap<>();
  volatile boolean deleted;
  volatile boolean hidden;

  Item(
      long key,
      String id,
      Item parent,
      Person author,
      MessageKind kind,
      boolean direct,
      Instant createdAt,
      String text,
      String link,
      List<Media> media) {
    this.key = key;
    this.id = id;
    this.parent = parent;
    this.root = parent == null ? null : (parent.root == null ? parent : parent.root);
    this.author = author;
    this.kind = kind;
    this.ours = author.staff();
    this.direct = direct;
    this.createdAt = createdAt;
    this.link = link;
    this.media = List.copyOf(media);
    versions.add(new Version(text, createdAt));
  }

  /** The conversation's root: this item when it has no parent. */
  Item threadRoot() {
    return root == null ? this : root;
  }

  String text() {
    return versions.get(versions.size() - 1).text();
  }

  boolean edited() {
    return versions.size() > 1;
  }

  Instant editedAt() {
    return edited() ? versions.get(versions.size() - 1).at() : null;
  }

  void edit(String text, Instant at) {
    versions.add(new Version(text, at));
  }

  List<Item> visibleChildren() {
    return children.stream().filter(child -> !child.deleted).toList();
  }
}
