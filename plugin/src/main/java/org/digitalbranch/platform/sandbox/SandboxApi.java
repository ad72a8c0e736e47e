package org.digitalbranch.platform.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every sandbox platform shares: its items, the failure switched on for it, token checks and
 * the little HTML page each published item links to. Subclasses speak the platform's API.
 */
abstract class SandboxApi {
  enum Auth {
    OK,
    WRONG,
    EXPIRED,
    REVOKED
  }

  /** What a seeded message carries besides its words ({@link GeneratedMessage.Attachment}). */
  static final String ATTACHMENT = "attachment";

  /** How long a rate-limited client is asked to wait: short, so a demo user sees the retry. */
  static final Duration RATE_LIMIT_WAIT = Duration.ofSeconds(15);

  final SandboxPlatform platform;
  final ItemStore store;
  private final AtomicReference<FailureMode> failure = new AtomicReference<>(FailureMode.NONE);
  private final AtomicBoolean expireNextToken = new AtomicBoolean();
  private final Set<String> expiredTokens = ConcurrentHashMap.newKeySet();
  volatile Duration publishDelay = Duration.ZERO;
  volatile String baseUrl = "http://127.0.0.1";

  SandboxApi(SandboxPlatform platform, ItemStore store) {
    this.platform = platform;
    this.store = store;
  }

  SandboxPlatform platform() {
    return platform;
  }

  abstract SandboxResponse handle(SandboxRequest request);

  abstract SandboxAccount account();

  /**
   * The root under which links shaped like the real site's (for example {@code <root>/<id>} on
   * Facebook) open this sandbox's HTML pages.
   */
  String webBaseUrl() {
    return baseUrl;
  }

  /** The address of the HTML page the sandbox serves for an item. */
  abstract String permalink(Item item);

  /** The item's id as this platform's API gives it, and so as a reader or publisher sees it. */
  String wireId(Item item) {
    return item.id;
  }

  abstract SandboxResponse rateLimited();

  abstract SandboxResponse serverError();

  void failWith(FailureMode mode) {
    failure.set(mode);
    expireNextToken.set(mode == FailureMode.EXPIRED_TOKEN);
    if (mode != FailureMode.EXPIRED_TOKEN) {
      expiredTokens.clear();
    }
  }

  FailureMode failure() {
    return failure.get();
  }

  /**
   * Checks a token the platform issued. Under {@code expired-token} the first token used expires
   * and stays expired; a token issued later (by a refresh) works.
   */
  Auth authenticate(String token, boolean known) {
    if (token == null || !known) {
      return Auth.WRONG;
    }
    FailureMode mode = failure.get();
    if (mode == FailureMode.REVOKED_TOKEN) {
      return Auth.REVOKED;
    }
    if (mode == FailureMode.EXPIRED_TOKEN) {
      if (expiredTokens.contains(token)) {
        return Auth.EXPIRED;
      }
      if (expireNextToken.compareAndSet(true, false)) {
        expiredTokens.add(token);
        return Auth.EXPIRED;
      }
    }
    return Auth.OK;
  }

  /** The failure due on this publishing request, if one is switched on; it is used up. */
  SandboxResponse publishFailure() {
    return switch (takeOnceFailure()) {
      case RATE_LIMIT_ONCE -> rateLimited();
      case SERVER_ERROR_ONCE -> serverError();
      default -> null;
    };
  }

  /**
   * The "-once" failure switched on, used up by this call, or {@link FailureMode#NONE}: for a
   * request that meets it in a shape of its own (Bluesky's chat service, behind the PDS).
   */
  FailureMode takeOnceFailure() {
    for (FailureMode once : List.of(FailureMode.RATE_LIMIT_ONCE, FailureMode.SERVER_ERROR_ONCE)) {
      if (failure.compareAndSet(once, FailureMode.NONE)) {
        return once;
      }
    }
    return FailureMode.NONE;
  }

  /** A publish answer, held back when the behaviour asks (to test a publish cut off mid-way). */
  SandboxResponse published(SandboxResponse response) {
    return publishDelay.isZero() ? response : response.withDelay(publishDelay);
  }

  /** Adds a generated conversation, with its edits and deletions, as the platform would hold it. */
  void seed(GeneratedConversation conversation) {
    List<Item> items = new ArrayList<>(conversation.messages().size());
    for (GeneratedMessage message : conversation.messages()) {
      Item parent = message.parent() < 0 ? rootParent(conversation) : items.get(message.parent());
      Item item =
          store.add(
              parent,
              message.author(),
              message.kind(),
              conversation.direct(),
              message.at(),
              message.text(),
              null,
              List.of());
      if (message.edited()) {
        item.edit(message.editedText(), message.at().plusSeconds(90));
      }
      item.deleted = message.deleted();
      if (message.attachment() != GeneratedMessage.Attachment.NONE) {
        item.extra.put(ATTACHMENT, message.attachment().name());
      }
      if (parent == null && item.ours) {
        // What the library's post was about, for the demo's queue history (Sandbox#seededPosts).
        item.extra.put(Sandbox.SEEDED_TOPIC, conversation.topic());
      }
      items.add(item);
      seeded(item);
    }
  }

  /**
   * Where a seeded conversation's first message goes: nowhere (it starts a thread) unless the
   * platform keeps one thread per person, as Messenger does, and the person has one already.
   */
  Item rootParent(GeneratedConversation conversation) {
    return null;
  }

  /** Lets a platform index an item it was given (Bluesky gives it a record cid, for example). */
  void seeded(Item item) {}

  /** The library's own post, published now through the API. */
  Item publishOurs(Item parent, String text, String link, List<Media> media, boolean direct) {
    Person library = new Person(displayName(), handle(), true);
    Item item =
        store.add(
            parent,
            library,
            parent == null ? MessageKind.POST : MessageKind.REPLY,
            direct,
            Instant.now(),
            text,
            link,
            media);
    seeded(item);
    return item;
  }

  String displayName() {
    return PhraseBank.library().libraryName();
  }

  String handle() {
    return PhraseBank.library().libraryHandle();
  }

  /** The small page a demo user lands on when they click a published post's link. */
  SandboxResponse page(Item item) {
    if (item == null || item.deleted) {
      return SandboxResponse.html(
          404,
          Html.page(
              "Sandbox " + platform.displayName() + " — not found",
              "This post was deleted.",
              null));
    }
    String title = "Sandbox " + platform.displayName() + " — post " + item.id;
    String by = item.ours ? displayName() : item.author.name() + " (@" + item.author.handle() + ")";
    return SandboxResponse.html(200, Html.page(title, item.text(), by + " · " + item.createdAt));
  }
}
