package org.digitalbranch.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.digitalbranch.queue.Action;
import org.digitalbranch.queue.ActionRequest;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.ImageInput;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostDraft;
import org.digitalbranch.queue.PostImage;
import org.digitalbranch.queue.PostRefused;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.QueueFilter;
import org.digitalbranch.queue.QueueItem;
import org.digitalbranch.queue.Topic;

/**
 * The queue's JSON API under {@code api/}: posts, their actions, the compose preview, the mix and
 * the pause switch. Thin: each handler reads the request, calls {@link PostService} once and writes
 * its answer; refusals travel to the {@link ExceptionMapper}.
 */
final class PostsApi {

  /**
   * The actions {@code POST api/posts/{id}/{action}} takes, and the post page's forms post to the
   * same names; edits go through PUT (the page's through {@code posts/{id}/edit}).
   */
  static final Map<String, Action> ACTIONS =
      Map.of(
          "submit", Action.SUBMIT,
          "approve", Action.APPROVE,
          "reject", Action.REJECT,
          "request-changes", Action.REQUEST_CHANGES,
          "withdraw", Action.WITHDRAW);

  private static final Set<String> LIST_PARAMETERS =
      Set.of("state", "account", "author", "topic", "intent", "mine", "limit", "offset");

  /**
   * Posts in one answer, by default and at most: an author's own posts only grow (every published
   * one stays theirs), so without a page a years-old account's list would be thousands of posts.
   */
  static final int DEFAULT_LIMIT = 100;

  static final int MAX_LIMIT = 500;

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Pattern IDEMPOTENCY_KEY_FORM = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final PostService posts;
  private final PostRequests requests;

  /** By user and {@code Idempotency-Key}, the id of the post created under it. */
  private final OneTimeKeys<String> idempotencyKeys = new OneTimeKeys<>();

  private final PostViews views;
  private final StagedUploads uploads;
  private final Clock clock;

  PostsApi(
      PostService posts,
      Predicate<String> accountExists,
      PostViews views,
      StagedUploads uploads,
      Clock clock) {
    this.posts = posts;
    this.requests = new PostRequests(accountExists);
    this.views = views;
    this.uploads = uploads;
    this.clock = clock;
  }

  Router routes(Router api) {
    return api.get("posts", this::list)
        .post("posts", this::create)
        .post("posts/preview", this::preview)
        .get("posts/{id}", this::show)
        .put("posts/{id}", this::edit)
        .post("posts/{id}/{action}", this::act)
        .get("dashboard/mix", this::mix)
        .get("publishing/pause", this::pauseState)
        .post("publishing/pause", this::setPause);
  }

  /**
   * Moderators see the queue (posts waiting for a decision, held first, then oldest first); staff
   * see their own posts and the submitted ones; {@code mine=true} narrows anyone to their own.
   */
  void list(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    var request = exchange.request();
    exchange.refuseUnknownParameters(LIST_PARAMETERS);
    // Each filter takes one value: a repeated one (state=draft&state=submitted) is refused, not
    // read as its first, which would list less than the person asked for without a word.
    PostState state = state(ArchiveParams.single(request, "state"));
    String account = ArchiveParams.single(request, "account");
    String author = ArchiveParams.single(request, "author");
    String topicId = ArchiveParams.single(request, "topic");
    Topic topic = topicId == null ? null : Topic.parse(topicId, "topic");
    String intentId = ArchiveParams.single(request, "intent");
    Intent intent = intentId == null ? null : Intent.parse(intentId, "intent");
    String mine = ArchiveParams.single(request, "mine");
    if (mine != null && !mine.equals("true") && !mine.equals("false")) {
      throw new HttpProblem.BadRequest("mine", "mine: expected true or false.");
    }
    QueueFilter filter = new QueueFilter(account, author, topic, intent);
    int limit = ArchiveParams.number(request, "limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new HttpProblem.BadRequest(
          "limit", "limit: expected a whole number from 1 to " + MAX_LIMIT + ".");
    }
    int offset = ArchiveParams.number(request, "offset", 0);
    if (offset < 0) {
      throw new HttpProblem.BadRequest("offset", "offset: expected a whole number from 0.");
    }

    Map<String, Map<String, Object>> shown = new LinkedHashMap<>();
    boolean onlyMine = "true".equals(mine);
    if (!onlyMine) {
      for (QueueItem item : posts.queue(filter)) {
        shown.put(item.post().id(), views.queued(item));
      }
    }
    if (onlyMine || !actor.isModerator()) {
      for (Post post : posts.mine(actor)) {
        if (matches(post, filter)) {
          shown.putIfAbsent(post.id(), views.summary(post));
        }
      }
    }
    List<Map<String, Object>> listed = new ArrayList<>();
    for (Map<String, Object> view : shown.values()) {
      if (state == null || state.id().equals(view.get("state"))) {
        listed.add(view);
      }
    }
    List<Map<String, Object>> page =
        listed.subList(
            Math.min(offset, listed.size()), (int) Math.min((long) offset + limit, listed.size()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("posts", page);
    body.put("count", page.size());
    body.put("total", listed.size());
    body.put("offset", offset);
    body.put("limit", limit);
    body.put("pause", PostViews.pause(posts.pauseState()));
    exchange.json(200, body);
  }

  /**
   * With an {@code Idempotency-Key}, a request repeated (a retry after a lost answer, two sent at
   * once) creates one post: the repeat answers as the first did, 201 pointing at the same post.
   */
  void create(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    JsonNode body = readTree(exchange);
    PostRequests.Content content = requests.content(body, false);
    try (OneTimeKeys.Ticket<String> ticket = claimIdempotencyKey(exchange, actor, body)) {
      Post post;
      if (ticket.earlier() != null) {
        post = posts.get(actor, ticket.earlier());
      } else {
        List<String> staged = new ArrayList<>();
        post = posts.create(actor, draft(actor, content, List.of(), staged));
        ticket.created(post.id());
        staged.forEach(uploads::discard);
      }
      exchange
          .response()
          .setHeader("Location", exchange.request().getRequestURI() + "/" + post.id());
      exchange.json(201, withTimeNote(views.post(post), content));
    }
  }

  /**
   * The request's {@code Idempotency-Key}, held while it creates. The key may come quoted, as the
   * IETF draft's structured field has it, or bare, as most clients send it.
   */
  private OneTimeKeys.Ticket<String> claimIdempotencyKey(
      Exchange exchange, Actor actor, JsonNode body) {
    String given = exchange.request().getHeader(IDEMPOTENCY_KEY);
    if (given == null) {
      return OneTimeKeys.Ticket.none();
    }
    String key =
        given.length() >= 2 && given.startsWith("\"") && given.endsWith("\"")
            ? given.substring(1, given.length() - 1)
            : given;
    if (!IDEMPOTENCY_KEY_FORM.matcher(key).matches()) {
      throw new HttpProblem.BadRequest(
          IDEMPOTENCY_KEY,
          IDEMPOTENCY_KEY
              + ": expected 1 to 255 visible ASCII characters, such as a UUID, new for each post.");
    }
    return idempotencyKeys.claim(actor.name(), key, fingerprint(body), IDEMPOTENCY_KEY);
  }

  /** The request body's digest: a key sent again with another post is a client's mistake. */
  private static String fingerprint(JsonNode body) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(body.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException everyJdkHasIt) {
      throw new IllegalStateException(everyJdkHasIt);
    }
  }

  void show(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    exchange.json(200, views.current(id(exchange), id -> posts.get(actor, id)));
  }

  void edit(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    String id = id(exchange);
    JsonNode body = readTree(exchange);
    PostRequests.Content content = requests.content(body, true);
    int version = PostRequests.version(body);
    Post current = posts.get(actor, id);
    List<String> staged = new ArrayList<>();
    Post edited = posts.edit(actor, id, version, draft(actor, content, current.images(), staged));
    staged.forEach(uploads::discard);
    exchange.json(200, withTimeNote(afterWrite(actor, edited), content));
  }

  /**
   * The post's view with {@code publishAtNote} when the clocks change around the time given: it
   * does not exist (and goes out later) or happens twice (and goes out at the first).
   */
  private Map<String, Object> withTimeNote(Map<String, Object> view, PostRequests.Content content) {
    Optional<String> note = posts.publishAtAdjustment(content.publishAt());
    if (note.isEmpty()) {
      return view;
    }
    Map<String, Object> noted = new LinkedHashMap<>(view);
    noted.put("publishAtNote", note.get());
    return noted;
  }

  /**
   * The post as it is now, targets read before it (PostViews.current): an approval is the moment
   * the publisher takes a post up, and read after it the targets could show beside a version
   * already gone. When the actor may no longer see the post, what the write returned.
   */
  private Map<String, Object> afterWrite(Actor actor, Post written) {
    try {
      return views.current(written.id(), postId -> posts.get(actor, postId));
    } catch (PostRefused notVisibleNow) {
      return views.post(written);
    }
  }

  void act(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    String id = id(exchange);
    String name = exchange.pathParameter("action");
    Action action = ACTIONS.get(name);
    if (action == null) {
      throw new HttpProblem.NotFound(
          "No action "
              + quoteShort(name)
              + " on a post; use submit, approve, reject, request-changes, withdraw or retry"
              + " (edits use PUT api/posts/{id}).");
    }
    PostRequests.ActionBody body = requests.action(readTree(exchange));
    if (body.publishAtGiven() && action != Action.APPROVE) {
      throw new HttpProblem.BadRequest(
          "publishAt", "publishAt: only an approval can set a new publish time.");
    }
    ActionRequest request =
        new ActionRequest(
            action,
            body.version(),
            body.note(),
            body.confirmMix(),
            body.publishAtGiven(),
            body.publishAt());
    Post acted = posts.act(actor, id, request);
    exchange.json(200, afterWrite(actor, acted));
  }

  /** The per-platform counters and accessibility hints for a text being written. */
  void preview(Exchange exchange) throws IOException {
    PostRequests.Content content = requests.content(readTree(exchange), false);
    List<ImageInput> images = content.images().stream().map(PostRequests::keep).toList();
    var preview =
        posts.preview(
            new PostDraft(
                content.text() == null ? "" : content.text(),
                content.link(),
                images,
                content.accounts(),
                content.topic(),
                content.intent(),
                content.publishAt()));
    List<Map<String, Object>> platforms = new ArrayList<>();
    for (var check : preview.platforms()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("account", check.account());
      row.put("platform", check.network().id());
      row.put("used", check.used());
      row.put("limit", check.limit());
      row.put("ok", check.ok());
      row.put("message", check.message());
      platforms.add(row);
    }
    List<Map<String, Object>> warnings = new ArrayList<>();
    for (var warning : preview.warnings()) {
      warnings.add(Map.of("field", warning.field(), "message", warning.message()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platforms", platforms);
    body.put("warnings", warnings);
    exchange.json(200, body);
  }

  /** The last 30 days' mix: a moderator's and an admin's dashboard figure. */
  void mix(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    if (!actor.isModerator() && !actor.isAdmin()) {
      throw new HttpProblem.Forbidden("The mix figures are for moderators and admins.");
    }
    exchange.json(200, PostViews.mix(posts.mix(clock.instant())));
  }

  void pauseState(Exchange exchange) throws IOException {
    exchange.actor();
    exchange.json(200, PostViews.pause(posts.pauseState()));
  }

  void setPause(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    // Who may not pause hears that first, as on the queue page, not what the body should hold.
    posts.requireMayPause(actor);
    boolean paused = PostRequests.paused(readTree(exchange));
    exchange.json(200, PostViews.pause(paused ? posts.pause(actor) : posts.resume(actor)));
  }

  /**
   * The queue's draft from the request: images the post has are kept by id, images the actor staged
   * are handed over as content (their ids collected in {@code staged} to discard once the post is
   * saved), and any other id is a 400 naming it.
   */
  private PostDraft draft(
      Actor actor, PostRequests.Content content, List<PostImage> existing, List<String> staged) {
    List<ImageInput> images = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < content.images().size(); i++) {
      PostRequests.ImageRef ref = content.images().get(i);
      String field = "images[" + i + "].id";
      if (!seen.add(ref.id())) {
        throw new HttpProblem.BadRequest(field, field + ": the same image is listed twice.");
      }
      if (existing.stream().anyMatch(image -> image.id().equals(ref.id()))) {
        images.add(ImageInput.keep(ref.id(), ref.alt()));
        continue;
      }
      StagedUploads.Staged upload =
          uploads
              .find(actor.name(), ref.id())
              .orElseThrow(
                  () ->
                      new HttpProblem.BadRequest(
                          field,
                          field
                              + ": no such image; upload it with POST api/images and use the id"
                              + " it returns."));
      images.add(ImageInput.upload(uploads.read(upload), ref.alt()));
      staged.add(upload.id());
    }
    return new PostDraft(
        content.text(),
        content.link(),
        images,
        content.accounts(),
        content.topic(),
        content.intent(),
        content.publishAt());
  }

  private static JsonNode readTree(Exchange exchange) throws IOException {
    return exchange.jsonTree();
  }

  /** Post ids are ours: anything else cannot name a post. */
  private static String id(Exchange exchange) {
    String id = exchange.pathParameter("id");
    if (!PostRequests.ID.matcher(id).matches()) {
      throw new HttpProblem.NotFound("No such post.");
    }
    return id;
  }

  private static PostState state(String id) {
    if (blank(id)) {
      return null;
    }
    for (PostState state : PostState.values()) {
      if (state.id().equals(id)) {
        return state;
      }
    }
    List<String> ids = new ArrayList<>();
    for (PostState state : PostState.values()) {
      ids.add(state.id());
    }
    throw new HttpProblem.BadRequest(
        "state", "state: expected one of " + String.join(", ", ids) + ".");
  }

  private static boolean matches(Post post, QueueFilter filter) {
    return (filter.account() == null || post.accounts().contains(filter.account()))
        && (filter.author() == null || post.author().equals(filter.author()))
        && (filter.topic() == null || post.topic() == filter.topic())
        && (filter.intent() == null || post.intent() == filter.intent());
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String quoteShort(String text) {
    return '"' + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + '"';
  }
}
