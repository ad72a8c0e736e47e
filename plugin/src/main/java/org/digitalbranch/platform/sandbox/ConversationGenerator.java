package org.digitalbranch.platform.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.digitalbranch.platform.sandbox.GeneratedMessage.Attachment;

/**
 * Generates realistic library conversations from a seed: the same seed gives the same
 * conversations, in the same order, on any machine. It holds no more than the conversation it is
 * building, so a benchmark can stream a million messages through it.
 *
 * <p>Conversations start one {@code averageGap} apart (with jitter) from {@code firstAt}; replies
 * follow minutes to hours later. About 70% of patron questions get a staff answer, about 3% of
 * patron messages are edited and 2% of replies deleted. A few Mastodon threads are direct messages,
 * about 15% of Facebook conversations are private messages to the Page (Messenger) rather than
 * comments under one of its posts, about 15% of Instagram conversations are direct messages to the
 * library's account (some answering its story, some sharing one of its posts before the question),
 * and about 15% of Bluesky conversations are chats with the library, where a patron often asks a
 * second question and nothing is edited or deleted.
 */
public final class ConversationGenerator {
  public static final Instant DEFAULT_FIRST_AT = Instant.parse("2025-01-06T14:00:00Z");

  private static final SandboxPlatform[] PLATFORM_BY_WEIGHT = {
    SandboxPlatform.FACEBOOK,
    SandboxPlatform.FACEBOOK,
    SandboxPlatform.FACEBOOK,
    SandboxPlatform.INSTAGRAM,
    SandboxPlatform.INSTAGRAM,
    SandboxPlatform.MASTODON,
    SandboxPlatform.MASTODON,
    SandboxPlatform.BLUESKY,
    SandboxPlatform.BLUESKY,
    SandboxPlatform.X,
    SandboxPlatform.X
  };

  private final Random random;
  private final Instant firstAt;
  private final long averageGapMillis;
  private final PhraseBank bank = PhraseBank.library();
  private final List<String> topics = List.copyOf(bank.topics().keySet());
  private final List<String> postingTopics;
  private long number;

  public ConversationGenerator(long seed, Instant firstAt, Duration averageGap) {
    if (averageGap.isNegative() || averageGap.isZero()) {
      throw new IllegalArgumentException("averageGap: must be positive, was " + averageGap);
    }
    this.random = new Random(seed);
    this.firstAt = firstAt;
    this.averageGapMillis = averageGap.toMillis();
    this.postingTopics =
        topics.stream().filter(topic -> !bank.topics().get(topic).posts().isEmpty()).toList();
  }

  /** Conversations two minutes apart from {@link #DEFAULT_FIRST_AT}. */
  public ConversationGenerator(long seed) {
    this(seed, DEFAULT_FIRST_AT, Duration.ofMinutes(2));
  }

  /** The next conversation. */
  public GeneratedConversation next() {
    long conversation = number++;
    SandboxPlatform platform = PLATFORM_BY_WEIGHT[random.nextInt(PLATFORM_BY_WEIGHT.length)];
    boolean graph = platform == SandboxPlatform.FACEBOOK || platform == SandboxPlatform.INSTAGRAM;
    // Some patrons write the Page privately on Messenger instead of commenting under a post.
    boolean messenger = platform == SandboxPlatform.FACEBOOK && random.nextInt(100) < 15;
    // And some write the library's Instagram account directly, often about what it posted.
    boolean instagramDirect = platform == SandboxPlatform.INSTAGRAM && random.nextInt(100) < 15;
    // And some write the library's Bluesky account a chat message instead of mentioning it.
    boolean chat = platform == SandboxPlatform.BLUESKY && random.nextInt(100) < 15;
    boolean ourPost = graph ? !messenger && !instagramDirect : !chat && random.nextInt(100) < 35;
    String topic = pick(ourPost ? postingTopics : topics);
    PhraseBank.Topic phrases = bank.topics().get(topic);
    Map<String, String> slots = slotsFor();
    Instant at =
        firstAt.plusMillis(
            conversation * averageGapMillis + (long) (random.nextDouble() * averageGapMillis));
    Draft thread = new Draft(conversation, at, !chat);

    if (ourPost) {
      thread.add(-1, MessageKind.POST, staff(), fill(pick(phrases.posts()), slots), false);
      int comments = 1 + random.nextInt(4);
      for (int i = 0; i < comments; i++) {
        Person patron = patron();
        int asked = random.nextInt(phrases.questions().size());
        int question =
            thread.add(
                0,
                graph ? MessageKind.COMMENT : MessageKind.REPLY,
                patron,
                patronText(phrases.questions().get(asked), slots),
                true);
        exchange(
            thread,
            phrases.answers().get(asked),
            slots,
            patron,
            question,
            graph,
            MessageKind.REPLY);
      }
    } else {
      boolean direct =
          messenger
              || chat
              || instagramDirect
              || (platform == SandboxPlatform.MASTODON && random.nextInt(100) < 12);
      Person patron = patron();
      MessageKind kind = direct ? MessageKind.DIRECT_MESSAGE : MessageKind.MENTION;
      int asked = random.nextInt(phrases.questions().size());
      String words = patronText(phrases.questions().get(asked), slots);
      int roll = instagramDirect ? random.nextInt(100) : 100;
      int questionAt;
      if (roll < 15) {
        // The post first, then within a minute what the patron wants to know about it.
        int shared = thread.add(-1, kind, patron, "", false, Attachment.SHARED_POST);
        questionAt = thread.addRightAfter(shared, kind, patron, words);
      } else {
        questionAt =
            thread.add(
                -1,
                kind,
                patron,
                words,
                false,
                roll < 40 ? Attachment.STORY_ANSWER : Attachment.NONE);
      }
      // A chain, not two levels: in a chat each message simply follows the one before.
      exchange(
          thread,
          phrases.answers().get(asked),
          slots,
          patron,
          questionAt,
          false,
          direct ? kind : MessageKind.REPLY);
      if (chat && random.nextInt(100) < 40) {
        // A chat goes on: the patron asks something else, at the end of the chain.
        int again = random.nextInt(phrases.questions().size());
        int question =
            thread.add(
                thread.messages.size() - 1,
                kind,
                patron,
                patronText(phrases.questions().get(again), slots),
                false);
        exchange(thread, phrases.answers().get(again), slots, patron, question, false, kind);
      }
    }
    return new GeneratedConversation(conversation, platform, topic, thread.messages);
  }

  /** An endless stream of conversations, drawn from this generator as it is consumed. */
  public Stream<GeneratedConversation> conversations() {
    Spliterator<GeneratedConversation> spliterator =
        new Spliterators.AbstractSpliterator<>(
            Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
          @Override
          public boolean tryAdvance(Consumer<? super GeneratedConversation> action) {
            action.accept(next());
            return true;
          }
        };
    return StreamSupport.stream(spliterator, false);
  }

  /** Exactly {@code count} messages, conversation after conversation, the last one perhaps cut. */
  public Stream<GeneratedMessage> messages(long count) {
    return conversations().flatMap(c -> c.messages().stream()).limit(count);
  }

  /**
   * The staff's answer to the question asked (most of the time), then perhaps a thanks or a
   * follow-up. On Facebook and Instagram replies stay under the top-level comment, as those
   * platforms nest only two levels.
   */
  private void exchange(
      Draft thread,
      String answerText,
      Map<String, String> slots,
      Person patron,
      int question,
      boolean twoLevels,
      MessageKind replyKind) {
    if (random.nextInt(100) >= 70) {
      return;
    }
    int answer = thread.add(question, replyKind, staff(), staffText(answerText, slots), false);
    int roll = random.nextInt(100);
    if (roll < 30) {
      thread.add(twoLevels ? question : answer, replyKind, patron, pick(bank.thanks()), true);
    } else if (roll < 45) {
      int followUp =
          thread.add(
              twoLevels ? question : answer,
              replyKind,
              patron,
              fill(pick(bank.followUps()), slots),
              true);
      if (random.nextInt(100) < 60) {
        thread.add(
            twoLevels ? question : followUp,
            replyKind,
            staff(),
            staffText(pick(bank.staffFollowUps()), slots),
            false);
      }
    }
  }

  private final class Draft {
    final long conversation;
    final List<GeneratedMessage> messages = new ArrayList<>();

    /**
     * False for a Bluesky chat: its messages cannot be edited, and a patron deleting one deletes it
     * only for themselves, so the library goes on seeing it.
     */
    final boolean changeable;

    Instant at;

    Draft(long conversation, Instant at, boolean changeable) {
      this.conversation = conversation;
      this.at = at;
      this.changeable = changeable;
    }

    int add(int parent, MessageKind kind, Person author, String text, boolean mayChange) {
      return add(parent, kind, author, text, mayChange, Attachment.NONE);
    }

    int add(
        int parent,
        MessageKind kind,
        Person author,
        String text,
        boolean mayChange,
        Attachment attachment) {
      if (!messages.isEmpty()) {
        at = at.plusSeconds(60 + random.nextInt(parent == 0 ? 6 * 3600 : 20 * 3600));
      }
      return append(parent, kind, author, text, mayChange, attachment);
    }

    /** A patron's next message, sent within a minute of the one before (never edited). */
    int addRightAfter(int parent, MessageKind kind, Person author, String text) {
      at = at.plusSeconds(5 + random.nextInt(55));
      return append(parent, kind, author, text, false, Attachment.NONE);
    }

    private int append(
        int parent,
        MessageKind kind,
        Person author,
        String text,
        boolean mayChange,
        Attachment attachment) {
      String edited = null;
      boolean deleted = false;
      if (changeable && mayChange && !author.staff()) {
        int roll = random.nextInt(1000);
        if (roll < 30) {
          edited = text + fill(pick(bank.edits()), slotsFor());
        } else if (roll < 50) {
          deleted = true;
        }
      }
      int index = messages.size();
      messages.add(
          new GeneratedMessage(
              conversation, index, parent, kind, author, text, edited, deleted, at, attachment));
      return index;
    }
  }

  private String patronText(String asked, Map<String, String> slots) {
    String question = fill(asked, slots);
    String text = pick(bank.greetings()) + question + pick(bank.closings());
    int style = random.nextInt(100);
    if (style < 12) {
      text = text.toLowerCase(Locale.ROOT);
    } else if (style < 17) {
      text = typo(text);
    }
    return text.strip();
  }

  private String staffText(String answer, Map<String, String> slots) {
    String text = fill(answer, slots);
    if (random.nextBoolean()) {
      String name = pick(bank.staff());
      text += " –" + name.substring(name.lastIndexOf(' ') + 1) + ", " + pick(bank.staffTeams());
    }
    return text;
  }

  private String typo(String text) {
    int at = 1 + random.nextInt(Math.max(1, text.length() - 2));
    if (at + 1 >= text.length()
        || !Character.isLetter(text.charAt(at))
        || !Character.isLetter(text.charAt(at + 1))) {
      return text;
    }
    return text.substring(0, at) + text.charAt(at + 1) + text.charAt(at) + text.substring(at + 2);
  }

  private Map<String, String> slotsFor() {
    Map<String, String> slots = new HashMap<>();
    slots.put("branch", pick(bank.slots().get("branches")));
    slots.put("day", pick(bank.slots().get("days")));
    slots.put("title", pick(bank.slots().get("titles")));
    slots.put("author", pick(bank.slots().get("authors")));
    slots.put("genre", pick(bank.slots().get("genres")));
    slots.put("event", pick(bank.slots().get("events")));
    slots.put("digits", Integer.toString(2 + random.nextInt(140)));
    return slots;
  }

  private static String fill(String template, Map<String, String> slots) {
    String text = template;
    for (Map.Entry<String, String> slot : slots.entrySet()) {
      text = text.replace("{" + slot.getKey() + "}", slot.getValue());
    }
    return text;
  }

  private Person patron() {
    String first = pick(bank.firstNames());
    String last = pick(bank.lastNames());
    String handle =
        pick(bank.handleStyles())
            .replace("{first}", first.toLowerCase(Locale.ROOT))
            .replace("{last}", last.toLowerCase(Locale.ROOT))
            .replace("{f}", first.substring(0, 1).toLowerCase(Locale.ROOT))
            .replace("{l}", last.substring(0, 1).toLowerCase(Locale.ROOT))
            .replace("{digits}", Integer.toString(random.nextInt(1000)));
    return new Person(first + " " + last, handle, false);
  }

  private Person staff() {
    return new Person(pick(bank.staff()), bank.libraryHandle(), true);
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
