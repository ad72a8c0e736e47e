package org.digitalbranch.queue;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The post queue as the web layer and the scheduler use it. Every method runs in one transaction;
 * refusals are {@link PostRefused} with a typed {@link Refusal}.
 *
 * <p>Order of checks on an action: a draft is invisible to others (404), the role must allow the
 * action (403), the version must be current (409 with the current version), the state must allow it
 * (409 naming the state), then the content rules (400) and the mix rule (409 with figures).
 */
public final class PostService {
  /** Beyond any platform's limit: refused even for a draft, so nobody stores megabytes of text. */
  static final int MAX_STORED_TEXT = 70_000;

  private final Transactor transactor;
  private final Clock clock;
  private final QueueSettings settings;
  private final Function<String, Optional<TargetAccount>> accounts;
  private final Workflow workflow = new Workflow();
  private final PlatformRules rules = new PlatformRules();
  private final AccessibilityLint lint = new AccessibilityLint();
  private final PublishTimes times;
  private final ImageStore images;

  public PostService(
      Transactor transactor,
      Clock clock,
      QueueSettings settings,
      Function<String, Optional<TargetAccount>> accounts) {
    this.transactor = transactor;
    this.clock = clock;
    this.settings = settings;
    this.accounts = accounts;
    this.times = new PublishTimes(settings.zone());
    this.images = new ImageStore(settings.imageFolder(), settings.maxImageBytes());
  }

  public Post create(Actor actor, PostDraft draft) {
    if (!actor.isStaff()) {
      throw PostRefused.forbidden("writing posts needs the staff role");
    }
    Instant now = now();
    Content content = checkContent(actor.name(), draft, List.of(), null, now);
    List<TargetAccount> targets = content.targets();
    Images checked = content.images();
    Instant publishAt = content.publishAt();
    List<PostImage> stored = checked.all();
    Post post =
        new Post(
            Ids.random(),
            1,
            PostState.DRAFT,
            actor.name(),
            draft.text() == null ? "" : draft.text(),
            blankToNull(draft.link()),
            stored,
            targets.stream().map(TargetAccount::id).toList(),
            draft.topic(),
            draft.intent(),
            publishAt,
            now,
            now,
            null,
            null,
            List.of(
                new HistoryEntry(
                    "create", actor.name(), now, null, PostState.DRAFT, 1, null, null)));
    return withImagesWritten(
        checked,
        () ->
            transactor.inTransaction(
                connection -> {
                  new PostRepository(connection).insert(post);
                  return post;
                }));
  }

  /**
   * Writes a post's new images, then saves it; when saving fails, the files go again, so a refused
   * or failed save leaves no image behind that no post refers to.
   */
  private <T, E extends Exception> T withImagesWritten(Images checked, Save<T, E> save) throws E {
    images.write(checked.toWrite());
    try {
      return save.run();
    } catch (Exception | Error e) {
      images.remove(checked.toWrite());
      throw e;
    }
  }

  /** Saving a post, which in a transaction may fail with the store's own exception. */
  private interface Save<T, E extends Exception> {
    T run() throws E;
  }

  /**
   * Replaces the post's content; {@code version} is the version the editor saw. The author's edit
   * of an approved post sends it back to review; a moderator's keeps its state (see {@link
   * Workflow}). Either way the change is kept as a diff in the history.
   */
  public Post edit(Actor actor, String id, int version, PostDraft changes) {
    return transactor.inTransaction(
        connection -> {
          PostRepository repository = new PostRepository(connection);
          Post post = load(repository, id);
          PostState next = decide(actor, post, Action.EDIT, version);
          Instant now = now();
          Content content =
              checkContent(post.author(), changes, post.images(), post.publishAt(), now);
          List<TargetAccount> targets = content.targets();
          Images checked = content.images();
          Instant publishAt = content.publishAt();
          List<PostImage> kept = checked.all();
          Post edited =
              new Post(
                  post.id(),
                  version + 1,
                  next,
                  post.author(),
                  changes.text() == null ? "" : changes.text(),
                  blankToNull(changes.link()),
                  kept,
                  targets.stream().map(TargetAccount::id).toList(),
                  changes.topic(),
                  changes.intent(),
                  publishAt,
                  post.createdAt(),
                  now,
                  next == PostState.SUBMITTED && post.state() != PostState.SUBMITTED
                      ? now
                      : post.submittedAt(),
                  next == PostState.APPROVED ? post.approvedAt() : null,
                  List.of());
          String diff = Changes.between(post, edited, times);
          if (diff == null) {
            return repository.find(id).orElseThrow();
          }
          if (next.awaitsDecision() || next == PostState.APPROVED) {
            // A post a moderator edits after approving stays approved, so it must still be fit to
            // go out; and a publish time moved into the past would send it at once, late, which
            // approving refuses as well.
            boolean timeMoved = !Objects.equals(publishAt, post.publishAt());
            requireSubmittable(edited, targets, now, next == PostState.APPROVED && timeMoved);
          }
          if (next == PostState.APPROVED
              && post.intent() != Intent.PROMOTION
              && edited.intent() == Intent.PROMOTION) {
            requireMixAllowsPromotionOf(repository, post, now);
          }
          HistoryEntry entry =
              new HistoryEntry(
                  Action.EDIT.id(), actor.name(), now, post.state(), next, version, null, diff);
          // Written last, when nothing can refuse the edit any more; removed if the save fails.
          return withImagesWritten(checked, () -> save(repository, edited, version, entry));
        });
  }

  public Post act(Actor actor, String id, Action action, int version, String note, boolean mix) {
    return act(actor, id, ActionRequest.of(action, version, note, mix));
  }

  public Post act(Actor actor, String id, ActionRequest request) {
    if (request.action() == Action.EDIT) {
      throw PostRefused.invalid("action", "an edit sends the post's content: use edit");
    }
    return transactor.inTransaction(
        connection -> {
          PostRepository repository = new PostRepository(connection);
          Post post = load(repository, id);
          PostState next = decide(actor, post, request.action(), request.version());
          workflow.checkNote(request.action(), request.note());
          Instant now = now();
          Instant publishAt = post.publishAt();
          String diff = null;
          if (request.action() == Action.APPROVE && request.reschedule()) {
            publishAt = scheduled(request.publishAt(), post.publishAt(), now);
            if (!Objects.equals(publishAt, post.publishAt())) {
              diff =
                  "publishAt: "
                      + Changes.local(post.publishAt(), times)
                      + " → "
                      + Changes.local(publishAt, times);
            }
          }
          Post changed =
              new Post(
                  post.id(),
                  request.version() + 1,
                  next,
                  post.author(),
                  post.text(),
                  post.link(),
                  post.images(),
                  post.accounts(),
                  post.topic(),
                  post.intent(),
                  publishAt,
                  post.createdAt(),
                  now,
                  request.action() == Action.SUBMIT ? now : post.submittedAt(),
                  request.action() == Action.APPROVE ? now : post.approvedAt(),
                  List.of());
          if (request.action() == Action.SUBMIT || request.action() == Action.APPROVE) {
            requireSubmittable(changed, resolve(changed.accounts()), now, true);
          }
          if (request.action() == Action.APPROVE
              && changed.intent() == Intent.PROMOTION
              && !request.confirmMix()) {
            MixFigures figures = mix(repository, now);
            if (!figures.allowsAnotherPromotion()) {
              throw new PostRefused(new Refusal.MixConfirmationNeeded(figures));
            }
          }
          HistoryEntry entry =
              new HistoryEntry(
                  request.action().id(),
                  actor.name(),
                  now,
                  post.state(),
                  next,
                  request.version(),
                  blankToNull(request.note()),
                  diff);
          return save(repository, changed, request.version(), entry);
        });
  }

  /** The post with its history, as {@code actor} may see it. */
  public Post get(Actor actor, String id) {
    if (!actor.isStaff()) {
      throw PostRefused.forbidden("the post queue needs the staff role");
    }
    return transactor.read(
        connection -> {
          Post post = load(new PostRepository(connection), id);
          if (!workflow.canSee(post.state(), Workflow.Role.of(actor, post.author()))) {
            throw new PostRefused(new Refusal.NotFound());
          }
          return post;
        });
  }

  /** The actor's own posts, drafts included, newest first. */
  public List<Post> mine(Actor actor) {
    return transactor.read(connection -> new PostRepository(connection).byAuthor(actor.name()));
  }

  /**
   * The actor's own posts by state, for a page that must stay short however long their history
   * grows: every post in a state that still needs someone (few by nature), newest first, and only
   * the {@code recentFinished} most recently finished of each {@link PostState#finished() finished}
   * state; each slice carries the state's true total. States without posts are absent.
   */
  public Map<PostState, PostSlice> mineByState(Actor actor, int recentFinished) {
    if (recentFinished < 1) {
      throw new IllegalArgumentException("recentFinished " + recentFinished);
    }
    return transactor.read(
        connection -> {
          PostRepository repository = new PostRepository(connection);
          Map<PostState, Integer> totals = repository.countByAuthor(actor.name());
          Set<PostState> open = EnumSet.noneOf(PostState.class);
          totals.keySet().stream().filter(state -> !state.finished()).forEach(open::add);
          Map<PostState, List<Post>> posts = new EnumMap<>(PostState.class);
          for (Post post : repository.byAuthorIn(actor.name(), open)) {
            posts.computeIfAbsent(post.state(), state -> new ArrayList<>()).add(post);
          }
          Map<PostState, PostSlice> slices = new EnumMap<>(PostState.class);
          for (Map.Entry<PostState, Integer> total : totals.entrySet()) {
            PostState state = total.getKey();
            List<Post> shown =
                state.finished()
                    ? repository.byAuthorInState(actor.name(), state, recentFinished, 0)
                    : posts.getOrDefault(state, List.of());
            slices.put(state, new PostSlice(shown, 0, total.getValue()));
          }
          return slices;
        });
  }

  /**
   * Up to {@code limit} of the actor's own posts in {@code state} from position {@code offset}, the
   * most recently changed first (for a finished state: the most recently finished first).
   */
  public PostSlice mineInState(Actor actor, PostState state, long offset, int limit) {
    return transactor.read(
        connection -> {
          PostRepository repository = new PostRepository(connection);
          List<Post> shown = repository.byAuthorInState(actor.name(), state, limit, offset);
          int total = repository.countByAuthor(actor.name()).getOrDefault(state, 0);
          return new PostSlice(shown, offset, total);
        });
  }

  /**
   * What goes out next: approved posts, the soonest first, for a team lead's "what goes out today".
   * Every post here has passed review, so anyone on staff may read them.
   */
  public List<Post> approvedNext(int limit) {
    return transactor.read(connection -> new PostRepository(connection).approvedNext(limit));
  }

  /** Posts waiting for a decision: held ones first, then the longest-waiting first. */
  public List<QueueItem> queue(QueueFilter filter) {
    Instant now = now();
    return transactor.read(
        connection ->
            new PostRepository(connection)
                .awaitingDecision(filter).stream()
                    .map(
                        post ->
                            new QueueItem(
                                post,
                                Duration.between(
                                    post.submittedAt() == null
                                        ? post.createdAt()
                                        : post.submittedAt(),
                                    now)))
                    .toList());
  }

  /** The navigation badge: how many posts wait for a moderator. */
  public int pendingCount() {
    return transactor.read(connection -> new PostRepository(connection).countAwaitingDecision());
  }

  public MixFigures mix(Instant now) {
    return transactor.read(connection -> mix(new PostRepository(connection), now));
  }

  /**
   * The accessibility hints for a post as it stands (the compose form's, for the post page): a
   * moderator deciding on it sees what the author saw, and can send it back over them.
   */
  public List<LintWarning> accessibilityHints(Post post) {
    return lint.check(post.text(), post.images().stream().map(PostImage::alt).toList());
  }

  /** The live counters and hints for the compose page; nothing is stored. */
  public Preview preview(PostDraft draft) {
    List<TargetAccount> targets = resolve(draft.accounts());
    return new Preview(
        rules.check(draft.text(), draft.link(), draft.images().size(), targets),
        lint.check(draft.text(), draft.images().stream().map(ImageInput::alt).toList()));
  }

  /**
   * Holds every post whose time came while it still waited (submitted), or that the publisher did
   * not send within the grace (approved). Called by the scheduler; returns the held posts.
   */
  public List<Post> markMissed(Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    return transactor.inTransaction(
        connection -> {
          PostRepository repository = new PostRepository(connection);
          List<Post> held = new ArrayList<>();
          for (Post post : repository.missed(at, at.minus(settings.approvedGrace()))) {
            if (!workflow.canMiss(post.state())) {
              continue;
            }
            Post changed =
                new Post(
                    post.id(),
                    post.version() + 1,
                    PostState.HELD,
                    post.author(),
                    post.text(),
                    post.link(),
                    post.images(),
                    post.accounts(),
                    post.topic(),
                    post.intent(),
                    post.publishAt(),
                    post.createdAt(),
                    at,
                    post.submittedAt(),
                    post.approvedAt(),
                    List.of());
            HistoryEntry entry =
                new HistoryEntry(
                    "hold",
                    Actor.SYSTEM.name(),
                    at,
                    post.state(),
                    PostState.HELD,
                    post.version(),
                    "its publish time "
                        + Changes.shown(post.publishAt(), times)
                        + " passed before it was published; it needs a new decision",
                    null);
            if (repository.update(changed, post.version(), entry)) {
              held.add(repository.find(post.id()).orElseThrow());
            }
          }
          return held;
        });
  }

  public PauseState pause(Actor actor) {
    return setPause(actor, true);
  }

  public PauseState resume(Actor actor) {
    return setPause(actor, false);
  }

  /** Whether publishing is paused; the publisher consults this before every send. */
  public PauseState pauseState() {
    return transactor.read(connection -> new PostRepository(connection).pauseState());
  }

  /** Refuses anyone who may not pause or resume publishing. */
  public void requireMayPause(Actor actor) {
    if (!actor.isAdmin()) {
      throw PostRefused.forbidden("pausing or resuming publishing needs the admin role");
    }
  }

  private PauseState setPause(Actor actor, boolean paused) {
    requireMayPause(actor);
    Instant now = now();
    return transactor.inTransaction(
        connection -> {
          PostRepository repository = new PostRepository(connection);
          repository.setPause(paused, actor.name(), now);
          return repository.pauseState();
        });
  }

  /**
   * An approved post a moderator's edit turns into a promotion must keep the mix within the limit,
   * as approving it would have had to. The edit has no confirmation to give, so past the limit it
   * is refused, pointing to the way that has one: back for changes, then approval.
   */
  private void requireMixAllowsPromotionOf(PostRepository repository, Post post, Instant now)
      throws SQLException {
    MixFigures figures = mix(repository, now);
    if (post.approvedAt() != null && !post.approvedAt().isBefore(figures.from())) {
      // Counted already, as an engagement: the edit moves it across rather than adding one.
      figures =
          new MixFigures(
              figures.from(),
              figures.to(),
              figures.days(),
              figures.promotion(),
              figures.engagement() - 1,
              figures.perTopic(),
              figures.limitPercent());
    }
    if (!figures.allowsAnotherPromotion()) {
      throw PostRefused.invalid(
          "intent",
          "making this approved post a promotion takes promotion to "
              + figures.promotionPercentAfter()
              + "% of the last "
              + figures.days()
              + " days' posts, above the limit of "
              + figures.limitPercent()
              + "%; send it back for changes instead, and its approval will ask to confirm the"
              + " mix");
    }
  }

  private MixFigures mix(PostRepository repository, Instant now) throws SQLException {
    Instant from = now.minus(Duration.ofDays(QueueSettings.MIX_DAYS));
    Map<Intent, Integer> byIntent = repository.approvedByIntent(from);
    return new MixFigures(
        from,
        now,
        QueueSettings.MIX_DAYS,
        byIntent.get(Intent.PROMOTION),
        byIntent.get(Intent.ENGAGEMENT),
        repository.approvedByTopic(from),
        settings.promotionLimitPercent());
  }

  private Post load(PostRepository repository, String id) throws SQLException {
    return repository.find(id).orElseThrow(() -> new PostRefused(new Refusal.NotFound()));
  }

  /** Visibility and role first, then the version, then the state: see the class comment. */
  private PostState decide(Actor actor, Post post, Action action, int version) {
    if (!actor.isStaff()) {
      throw PostRefused.forbidden("the post queue needs the staff role");
    }
    Workflow.Decision decision =
        workflow.decide(post.state(), action, Workflow.Role.of(actor, post.author()));
    if (decision.refusal() instanceof Refusal.NotFound
        || decision.refusal() instanceof Refusal.Forbidden) {
      throw new PostRefused(decision.refusal());
    }
    if (version != post.version()) {
      throw new PostRefused(new Refusal.StaleVersion(post.version()));
    }
    if (!decision.allowed()) {
      throw new PostRefused(decision.refusal());
    }
    return decision.next();
  }

  private Post save(PostRepository repository, Post changed, int version, HistoryEntry entry)
      throws SQLException {
    if (!repository.update(changed, version, entry)) {
      int current =
          repository
              .version(changed.id())
              .orElseThrow(() -> new PostRefused(new Refusal.NotFound()));
      throw new PostRefused(new Refusal.StaleVersion(current));
    }
    return repository.find(changed.id()).orElseThrow();
  }

  /**
   * Rules for anything stored, draft or not: the fields exist and the author may use them. Every
   * problem goes to {@code findings}; the accounts returned are those that could be resolved.
   */
  private List<TargetAccount> checkDraft(String author, PostDraft draft, Findings findings) {
    String text = draft.text() == null ? "" : draft.text();
    if (text.length() > MAX_STORED_TEXT) {
      findings.add(
          "text", "is " + text.length() + " characters; nothing longer than 63,206 can be posted");
    }
    String link = blankToNull(draft.link());
    if (link != null && !isWebAddress(link)) {
      findings.add("link", "must be a web address starting with https:// or http://");
    }
    if (draft.topic() == null) {
      findings.add("topic", "is required");
    }
    if (draft.intent() == null) {
      findings.add("intent", "is required");
    }
    if (draft.accounts().isEmpty()) {
      findings.add("accounts", "choose at least one account");
    }
    if (draft.images().size() > ImageStore.MAX_IMAGES) {
      findings.add("images", "at most " + ImageStore.MAX_IMAGES + " images");
    }
    List<TargetAccount> targets = new ArrayList<>();
    findings.check(() -> targets.addAll(resolve(draft.accounts())));
    for (TargetAccount target : targets) {
      if (!target.team().contains(author)) {
        findings.add("accounts", author + " is not on the team of account " + target.id());
      }
    }
    return targets;
  }

  private List<TargetAccount> resolve(List<String> ids) {
    List<TargetAccount> targets = new ArrayList<>();
    for (String id : ids) {
      if (targets.stream().anyMatch(t -> t.id().equals(id))) {
        throw PostRefused.invalid("accounts", "account " + id + " is listed twice");
      }
      targets.add(
          accounts
              .apply(id)
              .orElseThrow(() -> PostRefused.invalid("accounts", "no account " + id)));
    }
    return targets;
  }

  /** A draft's content as checked: its accounts, its images and its publish time. */
  private record Content(List<TargetAccount> targets, Images images, Instant publishAt) {}

  /**
   * Every rule for stored content, all of them before the first refusal is thrown.
   *
   * @param storedAt the post's publish time as stored, for an edit (null for a new post)
   */
  private Content checkContent(
      String author, PostDraft draft, List<PostImage> existing, Instant storedAt, Instant now) {
    Findings findings = new Findings();
    List<TargetAccount> targets = checkDraft(author, draft, findings);
    Images images = checkImages(draft.images(), existing, findings);
    Instant publishAt = findings.value(() -> scheduled(draft.publishAt(), storedAt, now));
    findings.throwIfAny();
    return new Content(targets, images, publishAt);
  }

  /** A post's images in order, and the new uploads among them that still need writing. */
  private record Images(List<PostImage> all, List<ImageStore.Checked> toWrite) {}

  /**
   * Each image's problem goes to {@code findings}; an oversized file is refused at once (413).
   * Nothing is written yet: see {@link #withImagesWritten}.
   */
  private Images checkImages(List<ImageInput> inputs, List<PostImage> existing, Findings findings) {
    List<PostImage> result = new ArrayList<>();
    List<ImageStore.Checked> toWrite = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      ImageInput input = inputs.get(i);
      String alt = input.alt() == null ? "" : input.alt().strip();
      String field = "images[" + i + "].id";
      if (input.existingId() != null) {
        String existingId = input.existingId();
        existing.stream()
            .filter(image -> image.id().equals(existingId))
            .findFirst()
            .ifPresentOrElse(
                kept -> result.add(kept.withAlt(alt)), () -> findings.add(field, "no such image"));
      } else {
        int index = i;
        findings.check(
            () -> {
              ImageStore.Checked upload = images.check(index, input.content(), alt);
              result.add(upload.image());
              toWrite.add(upload);
            });
      }
    }
    return new Images(List.copyOf(result), List.copyOf(toWrite));
  }

  /** Rules before a post may enter or leave the queue: it fits, every image is described. */
  private void requireSubmittable(
      Post post, List<TargetAccount> targets, Instant now, boolean timeMustBeAhead) {
    Findings findings = new Findings();
    if (!PlatformRules.hasVisibleText(post.text())) {
      findings.add("text", "write the post before submitting it");
    } else {
      findings.check(
          () -> rules.requireFits(post.text(), post.link(), post.images().size(), targets));
    }
    for (int i = 0; i < post.images().size(); i++) {
      String alt = post.images().get(i).alt();
      if (!PlatformRules.hasVisibleText(alt)) {
        findings.add("images[" + i + "].alt", "describe the image for people who cannot see it");
      } else {
        altTextFits(alt, i, targets, findings);
      }
      // Found now, not when Bluesky refuses it at publish time, where a retry sends the same bytes.
      long size = post.images().get(i).size();
      for (TargetAccount target : targets) {
        if (target.network() == Network.BLUESKY && size > PlatformRules.BLUESKY_IMAGE_BYTES) {
          findings.add(
              "images[" + i + "]",
              String.format(
                  Locale.ROOT,
                  "Bluesky takes images up to %,d bytes and this one is %,d (account %s): make it"
                      + " smaller, or leave Bluesky out",
                  PlatformRules.BLUESKY_IMAGE_BYTES,
                  size,
                  target.id()));
        }
      }
    }
    if (timeMustBeAhead && post.publishAt() != null && !post.publishAt().isAfter(now)) {
      findings.add(
          "publishAt",
          "the publish time "
              + Changes.shown(post.publishAt(), times)
              + " has passed; choose a later time or as soon as approved");
    }
    findings.throwIfAny();
  }

  /** An alt text longer than a chosen network takes is refused once per network, naming it. */
  private static void altTextFits(
      String alt, int index, List<TargetAccount> targets, Findings findings) {
    Set<Network> named = new java.util.HashSet<>();
    for (TargetAccount target : targets) {
      int limit = PlatformRules.altTextLimit(target.network());
      int length = PlatformRules.altTextLength(target.network(), alt);
      if (limit > 0 && length > limit && named.add(target.network())) {
        String network = PlatformRules.displayName(target.network());
        findings.add(
            "images[" + index + "].alt",
            String.format(
                Locale.ROOT,
                "%s takes alt text up to %,d characters and this one has %,d%s: shorten it, or"
                    + " leave %s out",
                network,
                limit,
                length,
                target.network() == Network.X ? " (X counts an emoji as two)" : "",
                network));
      }
    }
  }

  /**
   * A content check's problems, gathered so that one answer lists them all; anything but a field's
   * problem (a 413, a missing permission) still ends the check at once.
   */
  private static final class Findings {
    private final List<Refusal.Invalid> found = new ArrayList<>();

    void add(String field, String reason) {
      found.add(new Refusal.Invalid(field, reason));
    }

    void check(Runnable rule) {
      value(
          () -> {
            rule.run();
            return null;
          });
    }

    /** The rule's value, or null when it refused (its problem is then among the findings). */
    <T> T value(Supplier<T> rule) {
      try {
        return rule.get();
      } catch (PostRefused refused) {
        if (!(refused.refusal() instanceof Refusal.Invalid invalid)) {
          throw refused;
        }
        found.add(invalid);
        found.addAll(refused.more());
        return null;
      }
    }

    void throwIfAny() {
      if (!found.isEmpty()) {
        throw PostRefused.invalid(found);
      }
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Whether {@code link} is one a post may carry: an http(s) address with a host, no spaces. */
  public static boolean isWebAddress(String link) {
    try {
      URI uri = new URI(link);
      return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null
          && !link.chars().anyMatch(Character::isWhitespace);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * What to tell the person of a publish time they gave, when the clocks change around it (a time
   * that does not exist, or happens twice); empty otherwise. See {@link PublishTimes#adjustment}.
   */
  public Optional<String> publishAtAdjustment(LocalDateTime local) {
    return times.adjustment(local);
  }

  /** A stored publish instant as the local time the pages show, in the library's zone. */
  public LocalDateTime localTime(Instant instant) {
    return times.toLocal(instant);
  }

  /**
   * How far from now a publish time may lie, either way: beyond it, a typed year is most likely a
   * slip. A draft may keep a time that has passed (it is refused only when submitted), and one it
   * has kept for years, but not be given one from another era.
   */
  static final Duration FURTHEST = Duration.ofDays(2 * 366);

  /**
   * The publish time as an instant, refused when it lies more than {@link #FURTHEST} ahead or
   * behind: "+99999-03-14T09:30" was accepted, approved and shown as "Sun 14 Mar +99999", a post
   * that would never go out and never be held either; "-999999999-01-01T00:00" could not even be
   * stored (the store keeps milliseconds since 1970 in a long) and answered 500.
   */
  private Instant scheduled(LocalDateTime local, Instant storedAt, Instant now) {
    Instant at = times.toInstant(local);
    if (at != null && at.equals(storedAt)) {
      // Kept as it was: a draft written long ago is still saved when only its text changes.
      return at;
    }
    if (at != null && at.isAfter(now.plus(FURTHEST))) {
      throw PostRefused.invalid(
          "publishAt",
          "a publish time more than two years ahead ("
              + local.toLocalDate()
              + ") is most likely a typing slip; choose a nearer date");
    }
    if (at != null && at.isBefore(now.minus(FURTHEST))) {
      throw PostRefused.invalid(
          "publishAt",
          "a publish time more than two years ago ("
              + local.toLocalDate()
              + ") is most likely a typing slip; choose a date to come");
    }
    return at;
  }
}
