package org.digitalbranch.platform.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's sandbox platforms: five WireMock servers on 127.0.0.1, each answering as Facebook,
 * Instagram, Mastodon, Bluesky or X does, seeded with generated library conversations, with new
 * customer comments, Facebook private messages, Instagram direct messages and Bluesky chat messages
 * trickling in and failures a demo user can switch on.
 *
 * <pre>{@code
 * Sandbox sandbox = Sandbox.start(SandboxBehaviour.demo().withFailures(setting));
 * for (SandboxAccount account : sandbox.accounts()) { ... account.baseUrl(), account.credentials() }
 * sandbox.stop();
 * }</pre>
 */
public final class Sandbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

  /** Seeded conversations span this much of the past, ending when the start says (usually now). */
  static final Duration SEEDED_HISTORY = Duration.ofDays(60);

  /** What a seeded library post was about: a topic of the phrase bank. */
  static final String SEEDED_TOPIC = "seededTopic";

  /**
   * A post the library made before the demo began, as its platform serves it.
   *
   * @param id the id the platform's API gives it (what a publisher would have recorded)
   * @param topic what it is about, a topic of the phrase bank ({@code holds}, {@code events}, ...)
   */
  public record SeededPost(
      SandboxPlatform platform, String id, String url, String text, Instant at, String topic) {}

  /** Marks a library post the trickle made up to carry a comment, not one the plugin published. */
  private static final String BY_TRICKLE = "byTrickle";

  /** Enough of the history that a change to how it is generated shows, in a few milliseconds. */
  private static final int FINGERPRINTED_CONVERSATIONS = 25;

  private final SandboxBehaviour behaviour;
  private final Map<SandboxPlatform, SandboxApi> apis = new EnumMap<>(SandboxPlatform.class);
  private final Map<SandboxPlatform, WireMockServer> servers = new EnumMap<>(SandboxPlatform.class);
  private final Instant startedAt = Instant.now();
  private final Instant seededUntil;
  private final ConversationGenerator trickleGenerator;
  private final Random trickleRandom;
  private ScheduledExecutorService trickle;

  /** Comments the trickle added lately, oldest first: candidates for a later edit or deletion. */
  private final Deque<Item> recentlyTrickled = new ArrayDeque<>();

  private long ticks;
  private long changes;

  private Sandbox(SandboxBehaviour behaviour, Instant seededUntil) {
    this.behaviour = behaviour;
    this.seededUntil = seededUntil;
    this.trickleGenerator =
        new ConversationGenerator(behaviour.seed() + 1, startedAt, Duration.ofMinutes(1));
    this.trickleRandom = new Random(behaviour.seed() + 2);
    apis.put(SandboxPlatform.FACEBOOK, new FacebookApi());
    apis.put(SandboxPlatform.INSTAGRAM, new InstagramApi());
    apis.put(SandboxPlatform.MASTODON, new MastodonApi());
    apis.put(SandboxPlatform.BLUESKY, new BlueskyApi());
    apis.put(SandboxPlatform.X, new XApi());
  }

  /** Seeds the platforms, starts their servers on free loopback ports and starts the trickle. */
  public static Sandbox start(SandboxBehaviour behaviour) {
    return start(behaviour, Instant.now());
  }

  /**
   * Starts with the seeded history ending at {@code seededUntil}. The history's ids follow from its
   * times and the behaviour's seed, so a sandbox started again with the same end serves the same
   * conversations under the same ids: a demo restarted on its data folder finds them archived
   * already, instead of archiving every one a second time under new ids.
   */
  public static Sandbox start(SandboxBehaviour behaviour, Instant seededUntil) {
    Sandbox sandbox = new Sandbox(behaviour, seededUntil);
    try {
      sandbox.seed();
      sandbox.startServers();
      sandbox.startTrickle();
    } catch (RuntimeException e) {
      sandbox.stop();
      throw e;
    }
    return sandbox;
  }

  private void seed() {
    seededConversations(behaviour, seededUntil)
        .forEach(conversation -> apis.get(conversation.platform()).seed(conversation));
  }

  /**
   * The conversations a sandbox seeds: generated from the behaviour's seed, spread over {@link
   * #SEEDED_HISTORY} before {@code until} and cut where a reply would lie after it.
   */
  static Stream<GeneratedConversation> seededConversations(
      SandboxBehaviour behaviour, Instant until) {
    int count = behaviour.seededConversations();
    if (count == 0) {
      return Stream.empty();
    }
    Duration gap = SEEDED_HISTORY.dividedBy(count);
    ConversationGenerator generator =
        new ConversationGenerator(
            behaviour.seed(), until.minus(SEEDED_HISTORY).minus(Duration.ofDays(2)), gap);
    return Stream.concat(
        generator.conversations().limit(count).map(conversation -> upTo(conversation, until)),
        waitingInstagramMessages(behaviour, until, count));
  }

  /** When the seeded Instagram direct messages still waiting for an answer were written. */
  private static final List<Duration> WAITING_FOR =
      List.of(Duration.ofHours(20), Duration.ofHours(9), Duration.ofHours(2));

  /**
   * A few Instagram direct messages of the last day that the library has not answered yet: the
   * history's conversations begin no later than two days before it ends, past Instagram's 24 hours
   * (and the trickle's first one comes a minute or so into the demo), so without these no seeded
   * one could be answered at the demo's first start. They are of the history's last day, not of
   * each start's: a demo started again on its data folder a day later finds them past 24 hours
   * (answered with the Human Agent tag for a week), and the trickle's for answering. Drawn from a
   * generator of their own, so the history stays what it was.
   */
  private static Stream<GeneratedConversation> waitingInstagramMessages(
      SandboxBehaviour behaviour, Instant until, long after) {
    ConversationGenerator generator =
        new ConversationGenerator(
            behaviour.seed() + 3, until.minus(Duration.ofDays(3)), Duration.ofMinutes(1));
    List<GeneratedConversation> drawn =
        generator
            .conversations()
            .filter(c -> c.platform() == SandboxPlatform.INSTAGRAM && c.direct())
            .limit(WAITING_FOR.size())
            .toList();
    List<GeneratedConversation> waiting = new ArrayList<>();
    for (int i = 0; i < drawn.size(); i++) {
      waiting.add(unanswered(drawn.get(i), until.minus(WAITING_FOR.get(i)), after + i));
    }
    return waiting.stream();
  }

  /** The patron's messages before the library's first answer, moved to begin at {@code at}. */
  private static GeneratedConversation unanswered(
      GeneratedConversation conversation, Instant at, long number) {
    Duration shift = Duration.between(conversation.root().at(), at);
    List<GeneratedMessage> kept = new ArrayList<>();
    for (GeneratedMessage message : conversation.messages()) {
      if (message.author().staff()) {
        break;
      }
      kept.add(
          new GeneratedMessage(
              number,
              message.index(),
              message.parent(),
              message.kind(),
              message.author(),
              message.text(),
              message.editedText(),
              message.deleted(),
              message.at().plus(shift),
              message.attachment()));
    }
    return new GeneratedConversation(number, conversation.platform(), conversation.topic(), kept);
  }

  /** A conversation without the replies that would lie in the future (times only grow in one). */
  private static GeneratedConversation upTo(GeneratedConversation conversation, Instant now) {
    List<GeneratedMessage> kept = new ArrayList<>();
    for (GeneratedMessage message : conversation.messages()) {
      if (message.at().isAfter(now)) {
        break;
      }
      kept.add(message);
    }
    if (kept.size() == conversation.messages().size()) {
      return conversation;
    }
    return new GeneratedConversation(
        conversation.number(), conversation.platform(), conversation.topic(), kept);
  }

  private void startServers() {
    for (SandboxApi api : apis.values()) {
      api.failWith(behaviour.failure(api.platform()));
      api.publishDelay = behaviour.publishDelay();
      WireMockServer server =
          new WireMockServer(
              WireMockConfiguration.options()
                  .bindAddress("127.0.0.1")
                  .dynamicPort()
                  .containerThreads(12)
                  .jettyAcceptors(1)
                  .disableRequestJournal()
                  .templatingEnabled(false)
                  .stubCorsEnabled(false)
                  // Nothing may change the sandbox through WireMock's admin API.
                  .adminAuthenticator(request -> false)
                  .usingFilesUnderClasspath("org/digitalbranch/platform/sandbox/wiremock")
                  .extensions(new WireMockAdapter(api)));
      servers.put(api.platform(), server);
      server.start();
      server.stubFor(any(anyUrl()).willReturn(aResponse()));
      api.baseUrl = "http://127.0.0.1:" + server.port();
    }
    LOG.info("Sandbox platforms started: {}", accounts());
  }

  private void startTrickle() {
    if (behaviour.trickleEvery().isZero()) {
      return;
    }
    trickle =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sandbox-trickle");
              thread.setDaemon(true);
              return thread;
            });
    long every = behaviour.trickleEvery().toMillis();
    trickle.scheduleAtFixedRate(
        () -> {
          try {
            trickleTick();
          } catch (RuntimeException e) {
            LOG.warn("sandbox trickle failed", e);
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
  }

  /**
   * One beat of the trickle: usually a new customer comment; every sixth beat, instead, a comment
   * trickled a few beats ago is edited or deleted by its author, so the archive sees live edits and
   * deletions after it has stored the original; one beat in eight (the first among them) a private
   * message to the Facebook Page, so the demo always holds one that can still be answered within
   * Messenger's 24 hours, which the seeded history has mostly outlived; another beat in eight (the
   * third) a direct message to the Instagram account, for the same reason; and another (the fifth)
   * a chat message to the library on Bluesky, so its chats live too.
   */
  synchronized void trickleTick() {
    ticks++;
    if (ticks % 6 == 0 && recentlyTrickled.size() >= 3) {
      changeRecentComment();
    } else if (ticks % 8 == 1) {
      // Odd beats, so never one of the sixth beats that change a comment.
      trickleMessage();
    } else if (ticks % 8 == 3) {
      trickleInstagramMessage();
    } else if (ticks % 8 == 5) {
      trickleChat();
    } else {
      trickleOnce();
    }
  }

  /**
   * Edits or deletes the oldest comment the trickle added. Bluesky and Instagram have no edit
   * feature, so there it is always a deletion; elsewhere edits and deletions alternate.
   */
  synchronized PublishedPost changeRecentComment() {
    Item item = recentlyTrickled.pollFirst();
    if (item == null) {
      return null;
    }
    SandboxApi api = apiFor(item);
    boolean canEdit =
        api.platform() != SandboxPlatform.BLUESKY && api.platform() != SandboxPlatform.INSTAGRAM;
    boolean editsTurn = changes++ % 2 == 0;
    if (canEdit && editsTurn) {
      item.edit(item.text() + " (edit: never mind, found it!)", Instant.now());
      api.seeded(item);
    } else {
      item.deleted = true;
    }
    return asPost(api, item);
  }

  private SandboxApi apiFor(Item item) {
    for (SandboxApi api : apis.values()) {
      if (api.store.get(item.id) == item) {
        return api;
      }
    }
    throw new IllegalStateException("item " + item.id + " belongs to no platform");
  }

  /**
   * Adds one new customer comment now, as the trickle does: on Facebook and Instagram under the
   * library's newest post; elsewhere, half the time as a reply to a post published in this demo,
   * otherwise as a new mention. Returns what was added.
   */
  public synchronized PublishedPost trickleOnce() {
    GeneratedConversation next = trickleGenerator.next();
    GeneratedMessage patron =
        next.messages().stream()
            .filter(message -> !message.author().staff() && !message.text().isEmpty())
            .findFirst()
            .orElseThrow();
    SandboxApi api = apis.get(next.platform());
    boolean graph =
        next.platform() == SandboxPlatform.FACEBOOK || next.platform() == SandboxPlatform.INSTAGRAM;
    Item target =
        api.store
            .newestFirst(item -> item.ours && item.parent == null && !item.deleted)
            .filter(item -> graph || item.createdAt.isAfter(startedAt))
            .findFirst()
            .orElse(null);
    Instant now = Instant.now();
    Item added;
    if (target != null && (graph || trickleRandom.nextBoolean())) {
      added =
          api.store.add(
              target,
              patron.author(),
              graph ? MessageKind.COMMENT : MessageKind.REPLY,
              false,
              now,
              patron.text(),
              null,
              List.of());
    } else if (graph) {
      // A conversation drawn as a private message has no post of ours to lend its words.
      String postText =
          next.startsWithOurPost() ? next.root().text() : "Questions? Ask us anything below.";
      Item post = api.publishOurs(null, postText, null, List.of(), false);
      post.extra.put(BY_TRICKLE, "true");
      added =
          api.store.add(
              post,
              patron.author(),
              MessageKind.COMMENT,
              false,
              now,
              patron.text(),
              null,
              List.of());
    } else {
      added =
          api.store.add(
              null,
              patron.author(),
              MessageKind.MENTION,
              false,
              now,
              patron.text(),
              null,
              List.of());
    }
    api.seeded(added);
    recentlyTrickled.addLast(added);
    if (recentlyTrickled.size() > 8) {
      recentlyTrickled.pollFirst();
    }
    return asPost(api, added);
  }

  /**
   * A message from a customer, now, with the words given: on Facebook and Instagram a comment under
   * a new library post made to carry it, elsewhere a mention of the library. It starts a
   * conversation of its own, and the trickle never edits or deletes it, so a person trying the demo
   * (or a browser test) can follow exactly that message into the inbox.
   */
  public synchronized PublishedPost customerWrites(
      SandboxPlatform platform, String name, String text) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: give the customer's name");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text: write what the customer says");
    }
    SandboxApi api = api(platform);
    Person customer = customer(name);
    Instant now = Instant.now();
    Item added;
    if (platform == SandboxPlatform.FACEBOOK || platform == SandboxPlatform.INSTAGRAM) {
      Item post =
          api.publishOurs(null, "Questions? Ask us anything below.", null, List.of(), false);
      post.extra.put(BY_TRICKLE, "true");
      added =
          api.store.add(
              post, customer, MessageKind.COMMENT, false, now, text.strip(), null, List.of());
    } else {
      added =
          api.store.add(
              null, customer, MessageKind.MENTION, false, now, text.strip(), null, List.of());
    }
    api.seeded(added);
    return asPost(api, added);
  }

  /**
   * The customer deletes what {@link #customerWrites} wrote for them: from now on the platform no
   * longer lists it, and asked about it, answers as it answers for a deleted item.
   */
  public synchronized void customerDeletes(PublishedPost written) {
    Item item = api(written.platform()).store.get(written.id());
    if (item == null || item.ours) {
      throw new IllegalArgumentException("id: no customer's message " + written.id());
    }
    item.deleted = true;
  }

  /**
   * A private message to the Facebook Page, now, as the trickle sends one: a third of the time the
   * patron of one of the five most recently active conversations writes again, otherwise a patron
   * the generator makes up starts a conversation (or continues theirs, if they wrote before). The
   * trickle never edits or unsends it, so it stays answerable for 24 hours.
   */
  public synchronized PublishedPost trickleMessage() {
    FacebookApi facebook = (FacebookApi) api(SandboxPlatform.FACEBOOK);
    return trickleInto(facebook, facebook.inbox);
  }

  /**
   * A direct message to the Instagram account, now, as the trickle sends one: from the patron of
   * one of the five most recently active conversations a third of the time, otherwise from a patron
   * the generator makes up. The trickle never edits or unsends it, so it stays answerable for 24
   * hours.
   */
  public synchronized PublishedPost trickleInstagramMessage() {
    InstagramApi instagram = (InstagramApi) api(SandboxPlatform.INSTAGRAM);
    return trickleInto(instagram, instagram.inbox);
  }

  private PublishedPost trickleInto(SandboxApi api, MetaInbox inbox) {
    // A shared post has no words to lend: the patron's question after it has.
    GeneratedMessage first =
        trickleGenerator.next().messages().stream()
            .filter(message -> !message.author().staff() && !message.text().isEmpty())
            .findFirst()
            .orElseThrow();
    Person from = first.author();
    List<Person> recent = inbox.recentCorrespondents(5);
    if (!recent.isEmpty() && trickleRandom.nextInt(3) == 0) {
      from = recent.get(trickleRandom.nextInt(recent.size()));
    }
    return asPost(api, inbox.messageFrom(from, first.text(), Instant.now()));
  }

  /**
   * A private message from a customer to the Facebook Page (Messenger), now, with the words given:
   * it starts the customer's conversation with the Page, or continues it if they wrote before. The
   * trickle never edits or unsends it.
   */
  public PublishedPost customerMessagesThePage(String name, String text) {
    return customerMessagesThePage(name, text, Instant.now());
  }

  /** The same, written at {@code at}: a test puts a message outside Messenger's reply window. */
  synchronized PublishedPost customerMessagesThePage(String name, String text, Instant at) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: give the customer's name");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text: write what the customer says");
    }
    FacebookApi facebook = (FacebookApi) api(SandboxPlatform.FACEBOOK);
    return asPost(facebook, facebook.inbox.messageFrom(customer(name), text.strip(), at));
  }

  /**
   * A direct message from a customer to the Instagram account, now, with the words given: it starts
   * the customer's conversation with the account, or continues it if they wrote before. The trickle
   * never edits or unsends it.
   */
  public PublishedPost customerMessagesOnInstagram(String name, String text) {
    return customerMessagesOnInstagram(name, text, Instant.now());
  }

  /** The same, written at {@code at}: a test puts a message outside Instagram's reply window. */
  synchronized PublishedPost customerMessagesOnInstagram(String name, String text, Instant at) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: give the customer's name");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text: write what the customer says");
    }
    InstagramApi instagram = (InstagramApi) api(SandboxPlatform.INSTAGRAM);
    return asPost(instagram, instagram.inbox.messageFrom(customer(name), text.strip(), at));
  }

  /**
   * A chat message to the library on Bluesky, now, as the trickle sends one: a third of the time
   * the patron of one of the five convos with the most recent activity writes again, otherwise a
   * patron the generator makes up starts a convo (or continues theirs, if they wrote before). A
   * patron made up may have turned incoming messages off, as one in 20 of the seeded ones has.
   */
  public synchronized PublishedPost trickleChat() {
    BlueskyApi bluesky = (BlueskyApi) api(SandboxPlatform.BLUESKY);
    GeneratedMessage first =
        trickleGenerator.next().messages().stream()
            .filter(message -> !message.author().staff() && !message.text().isEmpty())
            .findFirst()
            .orElseThrow();
    Person from = first.author();
    List<Person> recent = bluesky.chat.recentCorrespondents(5);
    if (!recent.isEmpty() && trickleRandom.nextInt(3) == 0) {
      from = recent.get(trickleRandom.nextInt(recent.size()));
    }
    return asPost(bluesky, bluesky.chat.messageFrom(from, first.text(), Instant.now(), true));
  }

  /**
   * A chat message from a customer to the library's Bluesky account, now, with the words given: in
   * the customer's convo with the library, or in a new one, a request until the library accepts it.
   * A customer named here never has incoming messages turned off, so the library can answer.
   */
  public synchronized PublishedPost customerChatsOnBluesky(String name, String text) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: give the customer's name");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text: write what the customer says");
    }
    BlueskyApi bluesky = (BlueskyApi) api(SandboxPlatform.BLUESKY);
    return asPost(
        bluesky, bluesky.chat.messageFrom(customer(name), text.strip(), Instant.now(), false));
  }

  /** A customer a test or the demo names, with a handle made from the name. */
  private static Person customer(String name) {
    String handle = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return new Person(name.strip(), handle.isEmpty() ? "customer" : handle, false);
  }

  /** A customer's reply, now, to an item given by its sandbox id (for tests and the demo). */
  PublishedPost customerReply(SandboxPlatform platform, String parentId, String text) {
    SandboxApi api = api(platform);
    Item parent = api.store.get(parentId);
    if (parent == null) {
      throw new IllegalArgumentException("parentId: no item " + parentId + " on " + platform.id());
    }
    Person patron = new Person("Rosa Delgado", "rosareads", false);
    MessageKind kind =
        parent.parent == null && parent.ours ? MessageKind.COMMENT : MessageKind.REPLY;
    Item added = api.store.add(parent, patron, kind, false, Instant.now(), text, null, List.of());
    api.seeded(added);
    return asPost(api, added);
  }

  private static PublishedPost asPost(SandboxApi api, Item item) {
    return new PublishedPost(
        api.platform(),
        item.id,
        api.permalink(item),
        item.text(),
        item.createdAt,
        item.parent == null ? null : item.parent.id);
  }

  public String baseUrl(SandboxPlatform platform) {
    return api(platform).baseUrl;
  }

  /**
   * The web base URL a connector builds public links under so that they open this sandbox's HTML
   * page for the published item ({@code PlatformSettings.webBaseUrl}).
   */
  public String webBaseUrl(SandboxPlatform platform) {
    return api(platform).webBaseUrl();
  }

  /** The base URL for a settings platform id such as {@code "mastodon"}. */
  public String baseUrl(String platformId) {
    return baseUrl(SandboxPlatform.fromId(platformId));
  }

  public SandboxAccount account(SandboxPlatform platform) {
    return api(platform).account();
  }

  /** The five demo accounts, in the order Facebook, Instagram, Mastodon, Bluesky, X. */
  public List<SandboxAccount> accounts() {
    return apis.values().stream().map(SandboxApi::account).toList();
  }

  /** Switches a failure on (or off with {@link FailureMode#NONE}) while the demo runs. */
  public void fail(SandboxPlatform platform, FailureMode mode) {
    api(platform).failWith(mode);
  }

  public FailureMode failure(SandboxPlatform platform) {
    return api(platform).failure();
  }

  /** What the library published on a platform through its API since the sandbox started. */
  public List<PublishedPost> published(SandboxPlatform platform) {
    SandboxApi api = api(platform);
    return api.store
        .oldestFirst(
            item ->
                item.ours
                    && !item.extra.containsKey(BY_TRICKLE)
                    && !item.deleted
                    && item.createdAt.isAfter(startedAt.minusMillis(1)))
        .map(item -> asPost(api, item))
        .toList();
  }

  /**
   * The library's own posts of the seeded history, oldest first on each platform, left out when
   * deleted: what the demo's queue shows as published before it began.
   */
  public List<SeededPost> seededPosts() {
    List<SeededPost> posts = new java.util.ArrayList<>();
    for (SandboxApi api : apis.values()) {
      api.store
          .oldestFirst(item -> item.extra.containsKey(SEEDED_TOPIC) && !item.deleted)
          .forEach(
              item ->
                  posts.add(
                      new SeededPost(
                          api.platform(),
                          api.wireId(item),
                          api.permalink(item),
                          item.text(),
                          item.createdAt,
                          item.extra.get(SEEDED_TOPIC))));
    }
    return posts;
  }

  /** How many items (posts, comments, replies, messages, deleted ones too) a platform holds. */
  public int size(SandboxPlatform platform) {
    return api(platform).store.size();
  }

  public SandboxBehaviour behaviour() {
    return behaviour;
  }

  /** When the seeded history ends. */
  public Instant seededUntil() {
    return seededUntil;
  }

  /**
   * What the seeded history is made of, short: the behaviour's seed and size and the first
   * conversations it generates. A history seeded again under the same end has the same ids only
   * while this stays the same; after a change to the generator or its phrases, the same ids would
   * carry other words, and the archive would take them for edits.
   */
  public static String historyFingerprint(SandboxBehaviour behaviour) {
    StringBuilder made = new StringBuilder();
    made.append(behaviour.seed()).append('/').append(behaviour.seededConversations());
    Instant until = Instant.EPOCH.plus(SEEDED_HISTORY.multipliedBy(2));
    seededConversations(behaviour, until)
        .limit(FINGERPRINTED_CONVERSATIONS)
        .forEach(conversation -> made.append('\n').append(conversation));
    // The waiting Instagram messages come after the whole history, past the limit above.
    waitingInstagramMessages(behaviour, until, behaviour.seededConversations())
        .forEach(conversation -> made.append('\n').append(conversation));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(made.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  SandboxApi api(SandboxPlatform platform) {
    SandboxApi api = apis.get(platform);
    if (api == null) {
      throw new IllegalArgumentException("unknown platform " + platform);
    }
    return api;
  }

  /** Stops the trickle and the servers, releasing their ports; safe to call twice. */
  public synchronized void stop() {
    if (trickle != null) {
      trickle.shutdownNow();
      trickle = null;
    }
    for (WireMockServer server : servers.values()) {
      if (server.isRunning()) {
        server.stop();
      }
    }
    servers.clear();
  }

  @Override
  public void close() {
    stop();
  }
}
