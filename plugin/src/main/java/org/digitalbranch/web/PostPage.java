package org.digitalbranch.web;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.publish.TargetOutcome;
import org.digitalbranch.queue.Action;
import org.digitalbranch.queue.ActionRequest;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.HistoryEntry;
import org.digitalbranch.queue.ImageInput;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.MixFigures;
import org.digitalbranch.queue.PlatformCheck;
import org.digitalbranch.queue.PlatformRules;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostDraft;
import org.digitalbranch.queue.PostImage;
import org.digitalbranch.queue.PostRefused;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.Refusal;
import org.digitalbranch.queue.Workflow;

/**
 * The post page ({@code posts/{id}}): the post, how it will look on each platform, its full
 * history, and the forms for what this user may do to it. Each form posts to {@code
 * posts/{id}/{action}} with the version the person saw and answers with a 303 back here; a refusal
 * the person can act on (a stale version, a missing note, the mix limit) is shown on the page.
 */
final class PostPage {

  private final PostService posts;
  private final DigitalBranchConfig config;
  private final PageText words;
  private final Workflow workflow = new Workflow();
  private final PublishTargets targets;

  PostPage(PostService posts, DigitalBranchConfig config) {
    this(posts, config, null);
  }

  /**
   * @param targets the publishing section; null shows none
   */
  PostPage(PostService posts, DigitalBranchConfig config, PublishTargets targets) {
    this.posts = posts;
    this.config = config;
    this.words = new PageText(config.timeZone());
    this.targets = targets;
  }

  /** What a refused action leaves on the page. */
  /**
   * @param typedTime the publish time a refused approve form carried, shown again in its field: a
   *     fresh suggestion there would invite approving a time nobody chose
   */
  private record Outcome(
      int status,
      String stale,
      MixFigures mix,
      String note,
      String action,
      String errorInput,
      String error,
      String typedTime) {
    static final Outcome NONE = new Outcome(200, null, null, null, null, null, null);

    Outcome(
        int status,
        String stale,
        MixFigures mix,
        String note,
        String action,
        String errorInput,
        String error) {
      this(status, stale, mix, note, action, errorInput, error, null);
    }
  }

  /**
   * Leaves the post's page a note on the publish time just saved, when the clocks change around it
   * (the stored instant alone cannot tell a skipped 02:30 from a typed 03:30).
   */
  static void noteTime(Exchange exchange, String postId, Optional<String> note) {
    note.ifPresent(text -> PageNotes.leave(exchange, "publish-time", postId, text));
  }

  void show(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    String id = exchange.pathParameter("id");
    // The targets before the post, so the version the forms carry is never older than the
    // targets shown beside them (PostViews.current).
    List<TargetOutcome> recorded = targets == null ? List.of() : targets.recorded(id);
    Post post = posts.get(actor, id);
    Outcome outcome = Outcome.NONE;
    if ("mix".equals(exchange.request().getParameter("confirm"))) {
      MixFigures figures = posts.mix(Instant.now());
      if (post.intent() == Intent.PROMOTION && !figures.allowsAnotherPromotion()) {
        outcome = new Outcome(200, null, figures, null, "approve", null, null);
      }
    }
    render(exchange, post, recorded, outcome);
  }

  static final String TYPED_UNDER_ASAP =
      "You changed the time but chose “as soon as approved”. Choose “at a set time” to use the"
          + " time, or put the time back as it was to send it as soon as approved.";

  /**
   * A time typed while "as soon as approved" stayed chosen: which one was meant cannot be told, and
   * taking either silently would send the post at a time nobody chose. The form carries the time it
   * showed ({@code publishAtShown}), so a time left as shown is not a choice. (The page's script
   * chooses "at a set time" as soon as a time is typed; this is for browsers without it.)
   */
  static boolean typedUnderAsap(FormFields form) {
    String given = form.text("publishAt");
    // A form without the field was rendered before it existed: it is taken as it was then.
    return !"at".equals(form.value("when"))
        && form.value("publishAtShown") != null
        && given != null
        && !given.equals(form.text("publishAtShown"));
  }

  /** POST posts/{id}/{action}. */
  void act(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    String id = exchange.pathParameter("id");
    Action action = PostsApi.ACTIONS.get(exchange.pathParameter("action"));
    if (action == null) {
      // An address no page links to, as the API answers it: not a form with a wrong field.
      throw new HttpProblem.NotFound("Nothing here: check the address.");
    }
    FormFields form = FormFields.of(exchange.request());
    int version = form.version();
    String note = form.text("note");
    boolean confirmMix = form.checked("confirmMix");
    ActionRequest request;
    if (action == Action.APPROVE && form.value("when") != null) {
      // A held post's new decision comes with a new time: "as soon as approved" or a later one.
      LocalDateTime at = null;
      String problem = null;
      if ("at".equals(form.value("when"))) {
        try {
          at = LocalDateTime.parse(form.text("publishAt") == null ? "" : form.text("publishAt"));
        } catch (DateTimeParseException e) {
          problem = "Give the new publish time as a date and time, or choose as soon as approved.";
        }
      } else if (typedUnderAsap(form)) {
        problem = TYPED_UNDER_ASAP;
      }
      if (problem != null) {
        Post post = posts.get(actor, id);
        render(
            exchange,
            post,
            new Outcome(
                400,
                null,
                null,
                note,
                action.id(),
                "approve-publishAt",
                problem,
                form.text("publishAt")));
        return;
      }
      request = new ActionRequest(Action.APPROVE, version, note, confirmMix, true, at);
    } else {
      request = ActionRequest.of(action, version, note, confirmMix);
    }
    try {
      posts.act(actor, id, request);
    } catch (PostRefused refused) {
      // Targets before the post, as show() reads them.
      List<TargetOutcome> recorded = targets == null ? List.of() : targets.recorded(id);
      Post current = posts.get(actor, id);
      switch (refused.refusal()) {
        case Refusal.StaleVersion stale ->
            render(
                exchange,
                current,
                recorded,
                new Outcome(
                    409,
                    (actedMyself(current, version, actor)
                            // A second click, or the same post in another tab: not "someone else".
                            ? "You acted on this post already"
                                + latestStep(current, version, exchange, words)
                                + " (a second click, or another tab)"
                            : "Someone else acted on this post since you opened it"
                                + latestStep(current, version, exchange, words))
                        + "; here is the current version ("
                        + stale.currentVersion()
                        + "). Nothing was changed by your request"
                        + (note == null
                            ? ""
                            // Its box is on the page only while the action still may be taken.
                            : allowed(current, action, Workflow.Role.of(actor, current.author()))
                                ? "; your note is kept in its box"
                                : "; your note was: “" + note + "”")
                        + ": read it and decide again.",
                    null,
                    note,
                    action.id(),
                    null,
                    null));
        case Refusal.MixConfirmationNeeded mix ->
            render(
                exchange,
                current,
                recorded,
                new Outcome(409, null, mix.figures(), note, "approve", null, null));
        case Refusal.Invalid invalid ->
            render(
                exchange,
                current,
                recorded,
                new Outcome(
                    400,
                    null,
                    null,
                    note,
                    action.id(),
                    inputFor(invalid.field(), action),
                    // Every problem at once: the first's input is the one marked.
                    Stream.concat(Stream.of(invalid), refused.more().stream())
                        .map(each -> sentence(each.reason(), each.field()))
                        .collect(Collectors.joining(" ")),
                    // A held post's new time that was refused ("has passed") stays in its box,
                    // not replaced by a fresh suggestion the moderator did not choose.
                    "at".equals(form.value("when")) ? form.text("publishAt") : null));
        default -> throw refused;
      }
      return;
    }
    exchange.seeOther("posts/" + id + "?done=" + done(action));
  }

  /**
   * The steps taken since the version the person saw: each records the version it applied to, so a
   * step on that version or a later one overtook their page.
   */
  private static List<HistoryEntry> since(Post post, int version) {
    return post.history().stream().filter(step -> step.version() >= version).toList();
  }

  /**
   * Whether everything that overtook the person's page was their own doing (and the publisher's
   * after it): a second click, or the same post in another tab.
   */
  static boolean actedMyself(Post post, int version, Actor actor) {
    List<HistoryEntry> steps = since(post, version);
    return steps.stream().anyMatch(step -> step.actor().equals(actor.name()))
        && steps.stream()
            .allMatch(
                step ->
                    step.actor().equals(actor.name()) || step.actor().equals(Actor.SYSTEM.name()));
  }

  /**
   * ": M. Garcia approved it, Sat 28 Nov, 10:02": the latest step a person took since the person's
   * version (else the latest at all), which is what overtook their page. The edit page says it too.
   */
  static String latestStep(Post post, int version, Exchange exchange, PageText words) {
    List<HistoryEntry> steps = since(post, version);
    if (steps.isEmpty()) {
      steps = post.history();
    }
    if (steps.isEmpty()) {
      return "";
    }
    HistoryEntry last =
        steps.reversed().stream()
            .filter(step -> !step.actor().equals(Actor.SYSTEM.name()))
            .findFirst()
            .orElse(steps.getLast());
    String did =
        switch (last.action()) {
          case "create" -> "created it";
          case "submit" -> "submitted it";
          case "approve" -> "approved it";
          case "reject" -> "rejected it";
          case "request-changes" -> "sent it back for changes";
          case "withdraw" -> "withdrew it";
          case "edit" -> "edited it";
          case "hold" -> "held it for a new decision";
          case "start-publishing" -> "started publishing it";
          case "retry-publish" -> "asked to publish it again";
          case "publish" -> "published it";
          default -> "acted on it (" + last.action() + ")";
        };
    String who =
        PageText.automatic(last.action())
            ? PageText.AUTOMATIC_ACTOR
            : exchange.shownName(last.actor());
    return ": " + who + " " + did + ", " + words.when(last.at());
  }

  private static String done(Action action) {
    return switch (action) {
      case SUBMIT -> "submitted";
      case APPROVE -> "approved";
      case REJECT -> "rejected";
      case REQUEST_CHANGES -> "request-changes";
      case WITHDRAW -> "withdrawn";
      case EDIT -> "edited";
    };
  }

  private static String inputFor(String field, Action action) {
    return switch (field) {
      case "note" -> "note-" + action.id();
      case "publishAt" -> action == Action.APPROVE ? "approve-publishAt" : "edit-link";
      default -> "edit-link";
    };
  }

  private static String sentence(String reason, String field) {
    String prefix =
        switch (field) {
          case "note" -> "Note: ";
          case "publishAt" -> "Publish time: ";
          case "text" -> "Text: ";
          default -> field.startsWith("images") ? "Images: " : "";
        };
    return prefix + reason + (reason.endsWith(".") ? "" : ".");
  }

  private void render(Exchange exchange, Post post, Outcome outcome) throws IOException {
    render(exchange, post, null, outcome);
  }

  /** With the targets already read ({@code recorded}), or read now when null. */
  private void render(Exchange exchange, Post post, List<TargetOutcome> recorded, Outcome outcome)
      throws IOException {
    Actor actor = exchange.actor();
    if (recorded == null) {
      recorded = targets == null ? List.of() : targets.recorded(post.id());
    }
    Workflow.Role role = Workflow.Role.of(actor, post.author());
    Map<String, Object> scope = new LinkedHashMap<>(PageScopes.summary(post, words, exchange));
    scope.put("csrf", exchange.csrfToken());
    scope.put("queueUrl", exchange.url("queue"));
    scope.put("version", post.version());
    scope.put("text", post.text());
    scope.put("hasText", !post.text().isBlank());
    scope.put("link", post.link());
    scope.put("created", words.when(post.createdAt()));
    scope.put("createdIso", PageText.iso(post.createdAt()));
    scope.put("yours", role == Workflow.Role.AUTHOR);
    scope.put("held", post.state() == PostState.HELD);
    if (!post.state().finished() && post.state() != PostState.PUBLISHING) {
      // Until it goes out: what the author was told while writing, for whoever decides on it.
      List<String> hints =
          posts.accessibilityHints(post).stream()
              .map(org.digitalbranch.queue.LintWarning::message)
              .toList();
      scope.put("accessibilityHints", hints);
      scope.put("hasAccessibilityHints", !hints.isEmpty());
    }
    scope.put("decision", PageScopes.decision(post, words, exchange));
    String settled = post.state() == PostState.PUBLISHING ? PublishTargets.settled(recorded) : null;
    if (settled != null) {
      scope.put("state", settled);
      scope.put("stateId", "partly-published");
    }
    scope.put(
        "done",
        outcome.status() == 200 ? PageText.done(exchange.request().getParameter("done")) : null);
    scope.put("stale", outcome.stale());
    scope.put(
        "timeNote",
        outcome.status() == 200
            ? PageNotes.take(exchange, "publish-time", post.id(), String.class)
            : null);
    scope.put("pause", QueuePage.pauseBanner(posts.pauseState(), words, exchange));

    List<Map<String, Object>> images = new ArrayList<>();
    for (int i = 0; i < post.images().size(); i++) {
      PostImage image = post.images().get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("number", i + 1);
      row.put("url", exchange.url("api/images/" + image.id()));
      row.put("alt", image.alt() == null ? "" : image.alt());
      row.put("missingAlt", image.alt() == null || image.alt().isBlank());
      images.add(row);
    }
    scope.put("images", images);
    scope.put("hasImages", !images.isEmpty());
    scope.put("previews", previews(post));
    scope.put(
        "previewsTitle",
        post.state() == PostState.PUBLISHED ? "How it was sent" : "How it will look");
    scope.put("history", history(post, exchange));
    List<Map<String, Object>> targetRows =
        targets == null ? List.of() : targets.rows(recorded, actor);
    scope.put("targets", targetRows);
    scope.put("hasTargets", !targetRows.isEmpty());

    if (outcome.error() != null) {
      scope.put(
          "errors",
          List.of(Map.of("href", "#" + outcome.errorInput(), "message", outcome.error())));
      scope.put("hasErrors", true);
      scope.put("errorInput", outcome.errorInput());
    }
    if (outcome.mix() != null) {
      MixFigures mix = outcome.mix();
      Map<String, Object> figures = new LinkedHashMap<>(MixChart.of(mix));
      figures.put("after", format(mix.promotionPercentAfter()));
      figures.put("promotionAfter", mix.promotion() + 1);
      figures.put("totalAfter", mix.total() + 1);
      scope.put("mix", figures);
    }
    // A question or a conflict on the page takes the focus; "Changes saved." above it must not.
    scope.put("quietDone", outcome.mix() != null || outcome.stale() != null);

    Map<String, Object> forms = new LinkedHashMap<>();
    forms.put("submit", allowed(post, Action.SUBMIT, role));
    forms.put("withdraw", allowed(post, Action.WITHDRAW, role));
    forms.put("approve", allowed(post, Action.APPROVE, role) && outcome.mix() == null);
    forms.put("reject", allowed(post, Action.REJECT, role));
    forms.put("requestChanges", allowed(post, Action.REQUEST_CHANGES, role));
    boolean edit = allowed(post, Action.EDIT, role);
    forms.put("edit", edit);
    forms.put("editUrl", exchange.url("posts/" + post.id() + "/edit"));
    // Only a post waiting for a decision can be approved from the edit form; an approved one that
    // a moderator edits stays approved.
    forms.put(
        "editLabel",
        role == Workflow.Role.MODERATOR && allowed(post, Action.APPROVE, role)
            ? "Edit and approve"
            : "Edit the post");
    forms.put("approveAction", exchange.url("posts/" + post.id() + "/approve"));
    forms.put("retryAction", exchange.url("posts/" + post.id() + "/retry"));
    forms.put("rejectAction", exchange.url("posts/" + post.id() + "/reject"));
    forms.put("requestChangesAction", exchange.url("posts/" + post.id() + "/request-changes"));
    forms.put("submitAction", exchange.url("posts/" + post.id() + "/submit"));
    forms.put("withdrawAction", exchange.url("posts/" + post.id() + "/withdraw"));
    forms.put("zone", config.timeZone().getId());
    String suggested = words.inputValue(Instant.now().plusSeconds(3600));
    forms.put("suggestedTime", suggested);
    // After a refusal the field shows what was typed, while "shown" stays what the page first
    // offered: a time typed under "as soon as" is still a change on the next try.
    forms.put("publishAtValue", outcome.typedTime() != null ? outcome.typedTime() : suggested);
    // A refused "at a set time" comes back still chosen, so sending the mended form again uses it.
    boolean atChosen =
        outcome.typedTime() != null && "at".equals(exchange.request().getParameter("when"));
    forms.put("whenAt", atChosen);
    forms.put(
        "publishAtShown",
        outcome.typedTime() != null && exchange.request().getParameter("publishAtShown") != null
            ? exchange.request().getParameter("publishAtShown")
            : suggested);
    forms.put(
        "publishAtError",
        "approve-publishAt".equals(outcome.errorInput()) ? outcome.error() : null);
    boolean any =
        forms.entrySet().stream()
            .anyMatch(
                e ->
                    List.of("submit", "withdraw", "approve", "reject", "requestChanges", "edit")
                            .contains(e.getKey())
                        && Boolean.TRUE.equals(e.getValue()));
    forms.put("any", any || outcome.mix() != null);
    forms.put("note", outcome.note());
    forms.put("noteApprove", "approve".equals(outcome.action()) ? outcome.note() : null);
    forms.put("noteReject", "reject".equals(outcome.action()) ? outcome.note() : null);
    forms.put(
        "noteRequestChanges", "request-changes".equals(outcome.action()) ? outcome.note() : null);
    forms.put("rejectInvalid", "note-reject".equals(outcome.errorInput()));
    forms.put("requestChangesInvalid", "note-request-changes".equals(outcome.errorInput()));
    forms.put("publishAtInvalid", "approve-publishAt".equals(outcome.errorInput()));
    scope.put("forms", forms);

    // The post's first words first: five open posts by one author are five different tabs.
    String title =
        (outcome.error() != null || outcome.stale() != null ? "Error: " : "")
            + (post.text().isBlank() ? "" : "“" + PageText.firstWords(post.text()) + "” · ")
            + "Post by "
            + exchange.shownName(post.author())
            + " · "
            + scope.get("state");
    exchange.page(outcome.status(), title, "post", scope, List.of("publish-time.js"));
  }

  private boolean allowed(Post post, Action action, Workflow.Role role) {
    return workflow.decide(post.state(), action, role).allowed();
  }

  /** How the post will look on each target: the composed text and its counter. */
  private List<Map<String, Object>> previews(Post post) {
    List<ImageInput> images =
        post.images().stream().map(i -> ImageInput.keep(i.id(), i.alt())).toList();
    List<PlatformCheck> checks;
    try {
      checks =
          posts
              .preview(
                  new PostDraft(
                      post.text(), post.link(), images, post.accounts(), null, null, null))
              .platforms();
    } catch (PostRefused accountGone) {
      checks = List.of();
    }
    List<Map<String, Object>> previews = new ArrayList<>();
    for (PlatformCheck check : checks) {
      Map<String, Object> row = PageScopes.counter(check);
      AccountConfig account = config.account(check.account()).orElse(null);
      row.put("handle", account == null ? check.account() : account.handle());
      row.put("body", PlatformRules.composed(post.text(), post.link(), check.network()));
      row.put("linkApart", post.link() != null && check.network().id().equals("facebook"));
      row.put("link", post.link());
      row.put("imagesText", PageText.count(post.images().size(), "image"));
      row.put("hasImages", !post.images().isEmpty());
      previews.add(row);
    }
    return previews;
  }

  private List<Map<String, Object>> history(Post post, Exchange exchange) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (HistoryEntry entry : post.history()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("at", words.when(entry.at()));
      row.put("atIso", PageText.iso(entry.at()));
      row.put(
          "actor",
          PageText.automatic(entry.action())
              ? PageText.AUTOMATIC_ACTOR
              : exchange.shownName(entry.actor()));
      row.put("action", PageText.historyStep(entry.action()));
      // The states only where the step moved the post: an edit that keeps it a draft, or a retry,
      // needs no "Draft → Draft", and "Started the draft" says its state already.
      boolean moved = entry.from() != null && entry.from() != entry.to();
      row.put("from", moved ? PageText.state(entry.from()) : null);
      row.put("to", moved ? PageText.state(entry.to()) : null);
      row.put("version", entry.version());
      row.put("note", entry.note());
      row.put("diff", DiffView.of(entry.diff()));
      rows.add(row);
    }
    return rows;
  }

  private static String format(double percent) {
    return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
  }
}
