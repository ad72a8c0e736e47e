package org.digitalbranch.web;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.queue.Action;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.ImageInput;
import org.digitalbranch.queue.ImageSize;
import org.digitalbranch.queue.ImageStore;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.LintWarning;
import org.digitalbranch.queue.PlatformCheck;
import org.digitalbranch.queue.PlatformRules;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostDraft;
import org.digitalbranch.queue.PostImage;
import org.digitalbranch.queue.PostRefused;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.Preview;
import org.digitalbranch.queue.Refusal;
import org.digitalbranch.queue.Topic;
import org.digitalbranch.queue.Workflow;

/**
 * The compose page ({@code compose}) and the edit page ({@code posts/{id}/edit}). The form posts
 * {@code multipart/form-data} straight to this handler, images included, so writing, saving and
 * submitting work without JavaScript; {@code compose.js} only adds the live counters.
 */
final class ComposePage {

  private static final int SLOTS = ImageStore.MAX_IMAGES;

  /** The compose form's one-time key (see {@link OneTimeKeys}). */
  static final String FORM_KEY = "formKey";

  private final PostService posts;
  private final DigitalBranchConfig config;
  private final StagedUploads uploads;
  private final PageText words;
  private final Workflow workflow = new Workflow();

  /** By user and form key, where the form that created a post went. */
  private final OneTimeKeys<String> formKeys = new OneTimeKeys<>();

  ComposePage(PostService posts, DigitalBranchConfig config, StagedUploads uploads) {
    this.posts = posts;
    this.config = config;
    this.uploads = uploads;
    this.words = new PageText(config.timeZone());
  }

  /** What the form holds: what the person typed, or the post being edited. */
  private record Values(
      String text,
      String link,
      List<String> accounts,
      String topic,
      String intent,
      boolean asap,
      String publishAt,
      String publishAtShown,
      List<Slot> slots) {}

  /**
   * One of the four image places: an image the post keeps, a file chosen in a form that was sent
   * back ({@code staged}, the id of its staged upload), or room for a new one.
   */
  private record Slot(
      int number,
      PostImage kept,
      StagedUploads.Staged staged,
      String alt,
      boolean removed,
      boolean lost) {

    /** Holds an image already, with a "remove" box rather than a file input. */
    boolean holds() {
      return kept != null || staged != null;
    }

    Slot staging(StagedUploads.Staged upload) {
      return new Slot(number, null, upload, alt, false, false);
    }
  }

  /**
   * The files a form carried, by slot: read once (the container deletes a part once read), then
   * staged if the form is sent back, so nobody chooses them again.
   */
  private static final class Chosen {
    final Map<Integer, byte[]> files = new LinkedHashMap<>();

    /** Staged uploads the draft took, discarded once the post holds its own copies. */
    final List<String> taken = new ArrayList<>();
  }

  /** A form's problems, each tied to the input it is about. */
  private static final class Problems {
    final List<Map<String, Object>> list = new ArrayList<>();
    final Map<String, String> byInput = new LinkedHashMap<>();

    /** The error summary's heading; null for the usual "There is a problem". */
    String title;

    void add(String inputId, String message) {
      addAt(list.size(), inputId, message);
    }

    void addAt(int index, String inputId, String message) {
      list.add(index, Map.of("href", "#" + inputId, "message", message));
      byInput.putIfAbsent(inputId, message);
    }

    boolean any() {
      return !list.isEmpty();
    }
  }

  void compose(Exchange exchange) throws IOException {
    requireStaff(exchange.actor());
    Values empty =
        new Values(
            null, null, List.of(), null, "engagement", true, null, null, emptySlots(List.of()));
    render(exchange, 200, null, 0, empty, new Problems(), null);
  }

  void edit(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    Post post = editable(actor, exchange.pathParameter("id"));
    render(exchange, 200, post, post.version(), valuesOf(post), new Problems(), null);
  }

  /**
   * POST compose: create the draft, then submit it when the person pressed submit. The same form
   * sent again (a double click, a resend after a slow answer) creates nothing: it goes where the
   * first went, to the post the first created.
   */
  void create(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    requireStaff(actor);
    FormFields form = FormFields.of(exchange.request());
    try (OneTimeKeys.Ticket<String> ticket = claimFormKey(actor, form)) {
      if (ticket.earlier() != null) {
        exchange.seeOther(ticket.earlier());
        return;
      }
      createOnce(exchange, actor, form, ticket);
    }
  }

  /**
   * The form's one-time key, held while this request creates; a form without one (rendered before
   * forms had it) is created unprotected, as it was then.
   */
  private OneTimeKeys.Ticket<String> claimFormKey(Actor actor, FormFields form) {
    String key = form.text(FORM_KEY);
    if (key == null) {
      return OneTimeKeys.Ticket.none();
    }
    if (!PostRequests.ID.matcher(key).matches()) {
      throw new HttpProblem.BadRequest(
          FORM_KEY, "The form lost its key: reload the compose page and write the post there.");
    }
    return formKeys.claim(actor.name(), key, null, FORM_KEY);
  }

  /**
   * Where a form that created {@code post} sent the browser, below the mount, for a repeat of it;
   * the post's page when it rendered one (saved but not submitted).
   */
  private static String whereItWent(Exchange exchange, Post post) {
    String location = exchange.response().getHeader("Location");
    String mount = exchange.url("");
    return location != null && location.startsWith(mount)
        ? location.substring(mount.length())
        : "posts/" + post.id();
  }

  private void createOnce(
      Exchange exchange, Actor actor, FormFields form, OneTimeKeys.Ticket<String> ticket)
      throws IOException {
    Problems problems = new Problems();
    Values values = read(form, List.of(), actor);
    Chosen chosen = new Chosen();
    PostDraft draft = draft(form, values, problems, chosen);
    if (problems.any()) {
      render(exchange, 400, null, 0, keepFiles(actor, values, chosen, problems), problems, null);
      return;
    }
    Post post;
    try {
      post = posts.create(actor, draft);
    } catch (PostRefused refused) {
      addAll(problems, refused, values);
      Values kept = keepFiles(actor, values, chosen, problems);
      render(exchange, status(refused), null, 0, kept, problems, null);
      return;
    }
    // The post exists: whatever happens next, a repeat of this form must find it.
    ticket.created("posts/" + post.id());
    chosen.taken.forEach(uploads::discard);
    PostPage.noteTime(exchange, post.id(), posts.publishAtAdjustment(draft.publishAt()));
    if ("submit".equals(form.value("do"))) {
      submitOrExplain(exchange, actor, post);
    } else {
      exchange.seeOther("posts/" + post.id() + "?done=saved");
    }
    ticket.created(whereItWent(exchange, post));
  }

  /** POST posts/{id}/edit: save, then submit or approve as the button said. */
  void update(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    String id = exchange.pathParameter("id");
    Post current = posts.get(actor, id);
    FormFields form = FormFields.of(exchange.request());
    int version = form.version();
    Problems problems = new Problems();
    Values values = read(form, current.images(), actor);
    Chosen chosen = new Chosen();
    PostDraft draft = draft(form, values, problems, chosen);
    if (problems.any() && version != current.version()) {
      // A form of an older version: its problems may be the newer version's doing (an image
      // removed there is "alt text without a file" here), so the conflict is what is said.
      overtaken(exchange, actor, id, version, values, chosen);
      return;
    }
    if (problems.any()) {
      Values kept = keepFiles(actor, values, chosen, problems);
      render(exchange, 400, current, version, kept, problems, null);
      return;
    }
    Post edited;
    try {
      edited = posts.edit(actor, id, version, draft);
    } catch (PostRefused refused) {
      if (refused.refusal() instanceof Refusal.StaleVersion) {
        overtaken(exchange, actor, id, version, values, chosen);
        return;
      }
      if (!(refused.refusal() instanceof Refusal.Invalid
          || refused.refusal() instanceof Refusal.TooLarge)) {
        throw refused;
      }
      addAll(problems, refused, values);
      Values kept = keepFiles(actor, values, chosen, problems);
      render(exchange, status(refused), current, version, kept, problems, null);
      return;
    }
    chosen.taken.forEach(uploads::discard);
    PostPage.noteTime(exchange, id, posts.publishAtAdjustment(draft.publishAt()));
    String button = form.value("do");
    if ("submit".equals(button) && edited.state() != PostState.SUBMITTED) {
      submitOrExplain(exchange, actor, edited);
    } else if ("approve".equals(button)) {
      try {
        posts.act(actor, id, Action.APPROVE, edited.version(), null, false);
        exchange.seeOther("posts/" + id + "?done=approved");
      } catch (PostRefused refused) {
        if (refused.refusal() instanceof Refusal.MixConfirmationNeeded) {
          // The post page asks for the confirmation, with the figures, below the saved edit.
          exchange.seeOther("posts/" + id + "?done=edited&confirm=mix");
          return;
        }
        if (!(refused.refusal() instanceof Refusal.Invalid)) {
          throw refused;
        }
        addAll(problems, refused, valuesOf(edited));
        render(exchange, 400, edited, edited.version(), valuesOf(edited), problems, null);
      }
    } else {
      exchange.seeOther("posts/" + id + "?done=edited");
    }
  }

  /**
   * A form of a version that a newer one overtook: the page shows the newer version, who changed it
   * and when, and everything the person sent to copy from. The images they chose this time are
   * staged and offered in its free places, so that nobody picks the files again (nor loses them
   * unseen), unless the newer version is their own save of the same form (a second click) and holds
   * them already.
   */
  private void overtaken(
      Exchange exchange, Actor actor, String id, int version, Values values, Chosen chosen)
      throws IOException {
    Post now = posts.get(actor, id);
    boolean mine = PostPage.actedMyself(now, version, actor);
    Problems unread = new Problems();
    Values theirs = keepFiles(actor, values, chosen, unread);
    Values current = valuesOf(now);
    List<Map<String, Object>> sent = sent(theirs, current, now.images());
    Stale stale = withNewImages(current, theirs, now.images());
    Overtaken overtaken =
        new Overtaken(
            values.text(),
            !sameText(values.text(), current.text()),
            sent,
            PostPage.latestStep(now, version, exchange, words),
            stale.placed(),
            stale.notPlaced(),
            unread.list.size(),
            mine,
            stale.freePlaces());
    render(exchange, 409, now, now.version(), stale.values(), new Problems(), overtaken);
  }

  /** An over-long post is kept as a draft: the page says so and shows why it cannot go yet. */
  private void submitOrExplain(Exchange exchange, Actor actor, Post post) throws IOException {
    try {
      posts.act(actor, post.id(), Action.SUBMIT, post.version(), null, false);
      exchange.seeOther("posts/" + post.id() + "?done=submitted");
    } catch (PostRefused refused) {
      if (!(refused.refusal() instanceof Refusal.Invalid)) {
        throw refused;
      }
      Post saved = posts.get(actor, post.id());
      Values values = valuesOf(saved);
      Problems problems = new Problems();
      // The page now edits the saved draft ("Edit the post"): say so, not only what is wrong.
      problems.title = "Your draft is saved, but it was not submitted";
      addAll(problems, refused, values);
      render(exchange, 400, saved, saved.version(), values, problems, null);
    }
  }

  private Post editable(Actor actor, String id) {
    Post post = posts.get(actor, id);
    Workflow.Decision decision =
        workflow.decide(post.state(), Action.EDIT, Workflow.Role.of(actor, post.author()));
    if (!decision.allowed()) {
      throw new PostRefused(decision.refusal());
    }
    return post;
  }

  /**
   * A new form's key, or the one the form came back with (its problems to correct): that request
   * was refused and freed the key, and a double click on the corrected form is still one post.
   */
  private static String formKey(Exchange exchange) {
    // Only a posted form's: a link to the page must not choose the key of the form it opens.
    String sent =
        "POST".equals(exchange.request().getMethod())
            ? FormFields.of(exchange.request()).text(FORM_KEY)
            : null;
    return sent != null && PostRequests.ID.matcher(sent).matches() ? sent : OneTimeKeys.newKey();
  }

  private static void requireStaff(Actor actor) {
    if (!actor.isStaff()) {
      throw new HttpProblem.Forbidden("Writing posts needs the staff role.");
    }
  }

  // ---- reading the form ----

  private Values read(FormFields form, List<PostImage> existing, Actor actor) {
    List<Slot> slots = new ArrayList<>();
    for (int n = 1; n <= SLOTS; n++) {
      String keepId = form.text("image-" + n + "-keep");
      PostImage kept =
          keepId == null
              ? null
              : existing.stream().filter(i -> i.id().equals(keepId)).findFirst().orElse(null);
      // A file kept from a form sent back is the actor's own staged upload. An id that is not
      // (someone else's, or gone with a restart or after many more uploads) is lost: the form
      // says so rather than saving the post without the image.
      String stagedId = kept == null ? form.text(staged(n)) : null;
      StagedUploads.Staged staged =
          stagedId == null ? null : uploads.find(actor.name(), stagedId).orElse(null);
      slots.add(
          new Slot(
              n,
              kept,
              staged,
              nullToEmpty(form.value("image-" + n + "-alt")),
              form.checked(remove(n)),
              stagedId != null && staged == null));
    }
    return new Values(
        nullToEmpty(form.value("text")),
        form.text("link"),
        form.values("account"),
        form.text("topic"),
        form.text("intent"),
        !"at".equals(form.value("when")),
        form.text("publishAt"),
        // The time the page first showed, kept through a form sent back with problems: a time
        // typed under "as soon as" stays a change when the form comes back for another reason.
        form.text("publishAtShown"),
        slots);
  }

  private PostDraft draft(FormFields form, Values values, Problems problems, Chosen chosen)
      throws IOException {
    // What is missing is named all at once, in the page's order, not one field per try; the
    // queue's own checks stay the rule and catch the rest.
    if (values.accounts().isEmpty()) {
      problems.add("f-accounts", "Choose at least one account.");
    }
    String link = values.link() == null ? null : values.link().strip();
    if (link != null && !link.isEmpty() && !PostService.isWebAddress(link)) {
      // Named with the rest: otherwise only the queue's check finds it, a round later.
      problems.add("f-link", "Link: must be a web address starting with https:// or http://.");
    }
    List<ImageInput> images = new ArrayList<>();
    for (Slot slot : values.slots()) {
      if (slot.kept() != null) {
        if (!slot.removed()) {
          images.add(ImageInput.keep(slot.kept().id(), slot.alt()));
        }
        continue;
      }
      byte[] content = form.file("image-" + slot.number() + "-file");
      if (content != null) {
        // A file chosen now replaces one kept from the form's last sending.
        chosen.files.put(slot.number(), content);
        images.add(ImageInput.upload(content, slot.alt()));
        if (slot.staged() != null) {
          chosen.taken.add(slot.staged().id());
        }
      } else if (slot.staged() != null) {
        chosen.taken.add(slot.staged().id());
        if (!slot.removed()) {
          byte[] kept = readKept(slot.staged());
          if (kept != null) {
            images.add(ImageInput.upload(kept, slot.alt()));
          } else {
            problems.add(fileInput(slot.number()), lostFile(slot.number()));
          }
        }
      } else if (slot.lost() && !slot.removed()) {
        problems.add(fileInput(slot.number()), lostFile(slot.number()));
      } else if (!slot.alt().isBlank()) {
        problems.add(
            fileInput(slot.number()),
            "Image "
                + slot.number()
                + " has alt text but no file: choose the file (again, after an error: browsers"
                + " do not keep a chosen file).");
      }
    }
    // Images going with the post without alt text: a submit refuses them, so they are named with
    // the form's other problems below rather than in a round of their own once those are fixed.
    int afterImages = problems.list.size();
    List<Integer> undescribed = new ArrayList<>();
    for (Slot slot : values.slots()) {
      boolean carried =
          chosen.files.containsKey(slot.number()) || (slot.holds() && !slot.removed());
      if (carried && !PlatformRules.hasVisibleText(slot.alt())) {
        undescribed.add(slot.number());
      }
    }
    Topic topic = null;
    Intent intent = null;
    try {
      topic = values.topic() == null ? null : Topic.parse(values.topic(), "topic");
    } catch (PostRefused refused) {
      problems.add("f-topic-" + Topic.values()[0].id(), "Choose one of the topics.");
    }
    if (values.topic() == null) {
      problems.add("f-topic-" + Topic.values()[0].id(), "Choose a topic.");
    }
    try {
      intent = values.intent() == null ? null : Intent.parse(values.intent(), "intent");
    } catch (PostRefused refused) {
      problems.add("f-intent-engagement", "Choose engagement or promotion.");
    }
    if (values.intent() == null) {
      problems.add("f-intent-engagement", "Choose engagement or promotion.");
    }
    LocalDateTime publishAt = null;
    if (PostPage.typedUnderAsap(form)) {
      problems.add("f-publishAt", PostPage.TYPED_UNDER_ASAP);
    }
    if (!values.asap()) {
      try {
        publishAt = LocalDateTime.parse(values.publishAt() == null ? "" : values.publishAt());
      } catch (DateTimeParseException e) {
        problems.add(
            "f-publishAt",
            "Give the publish time as a date and time, or choose as soon as approved.");
      }
    }
    String doing = form.value("do");
    boolean leaving = "submit".equals(doing) || "approve".equals(doing);
    if (problems.any() && leaving) {
      // As the text below: with the rest when the draft cannot be saved anyway; alone, the draft
      // and its images are saved, and the submit's own check then says what is missing.
      for (int i = 0; i < undescribed.size(); i++) {
        int number = undescribed.get(i);
        problems.addAt(
            afterImages + i,
            altInput(number),
            "Alt text of image " + number + ": describe the image for people who cannot see it.");
      }
    }
    if (problems.any() && leaving && (values.text() == null || values.text().isBlank())) {
      // Named with the rest, after the accounts, when the draft cannot be saved anyway; alone, a
      // blank text still lets the draft (and its chosen images) be saved, then says why it did
      // not go further.
      problems.addAt(
          problems.byInput.containsKey("f-accounts") ? 1 : 0, "f-text", "Write the post's text.");
    }
    return new PostDraft(
        values.text(), values.link(), images, values.accounts(), topic, intent, publishAt);
  }

  // ---- errors ----

  /** The id of the input a refusal is about, so the error summary can link to it. */
  private static String inputFor(Refusal refusal, Values values) {
    String field =
        switch (refusal) {
          case Refusal.Invalid invalid -> invalid.field();
          case Refusal.TooLarge tooLarge -> tooLarge.field();
          default -> "text";
        };
    if (field.startsWith("images[")) {
      int index = Integer.parseInt(field.substring(7, field.indexOf(']')));
      int slot = slotOfImage(values, index);
      if (field.endsWith(".alt")) {
        return altInput(slot);
      }
      // A kept image has no file input: its problem (too large for a platform) is at its
      // "remove" box, the one thing to do about it on this form.
      boolean kept = values.slots().stream().anyMatch(s -> s.number() == slot && s.kept() != null);
      return kept ? removeInput(slot) : fileInput(slot);
    }
    return switch (field) {
      case "link" -> "f-link";
      case "publishAt" -> "f-publishAt";
      case "topic" -> "f-topic-" + Topic.values()[0].id();
      case "intent" -> "f-intent-engagement";
      case "accounts" -> "f-accounts";
      // "Needs an image" is said at the first file input; "one image only" at the images' group,
      // since the images it is about have no file input (they are kept).
      case "images" -> values.slots().getFirst().holds() ? "f-images" : fileInput(1);
      default -> "f-text";
    };
  }

  /** The form slot of the draft's {@code index}-th image: slots left empty are skipped. */
  private static int slotOfImage(Values values, int index) {
    int seen = -1;
    for (Slot slot : values.slots()) {
      boolean used = slot.holds() ? !slot.removed() : !slot.alt().isBlank();
      if (used && ++seen == index) {
        return slot.number();
      }
    }
    return Math.min(index + 1, SLOTS);
  }

  /**
   * A form sent back keeps the files chosen in it. A browser cannot be handed a file again, so each
   * one that is an image the intranet takes is staged as the person's own upload (as {@code POST
   * api/images} does), and the page shows it with a "remove" box instead of asking for it again. A
   * file that is no such image keeps the problem the queue found in it, or is named, to be chosen
   * again: otherwise a post saved next would go without it, and without a word.
   */
  private Values keepFiles(Actor actor, Values values, Chosen chosen, Problems problems) {
    List<Slot> slots = new ArrayList<>();
    for (Slot slot : values.slots()) {
      byte[] content = chosen.files.get(slot.number());
      ImageStore.ImageType type = content == null ? null : StagedUploads.sniff(content);
      if (type != null
          && content.length <= config.imageMaxBytes()
          && ImageSize.problem(content).isEmpty()) {
        if (slot.staged() != null) {
          uploads.discard(slot.staged().id()); // replaced by the file chosen this time
        }
        slots.add(slot.staging(uploads.stage(actor.name(), content, type, StagedUploads.newId())));
        continue;
      }
      String input = fileInput(slot.number());
      if (content != null && !problems.byInput.containsKey(input)) {
        problems.add(
            input,
            "Image "
                + slot.number()
                + ": choose its file again; a form sent back keeps only images it can read.");
      }
      slots.add(slot);
    }
    return new Values(
        values.text(),
        values.link(),
        values.accounts(),
        values.topic(),
        values.intent(),
        values.asap(),
        values.publishAt(),
        values.publishAtShown(),
        slots);
  }

  /**
   * What a person sent when a newer version overtook the one they edited.
   *
   * @param text their text, to copy from
   * @param textDiffers whether the current version's text is another
   * @param sent their other fields, each as a row to read: label, value, and whether the current
   *     version has it otherwise
   * @param step who took the step that overtook them, and when (": M. Garcia edited it, ...")
   * @param imagesKept the places in the form where their new images now stand
   * @param imagesDropped how many of their new images found no free place
   * @param imagesUnread how many files they chose could not be kept (not a picture, too large)
   * @param byThemselves whether every step since their version was their own (a second click)
   * @param freePlaces how many image places the newer version had free
   */
  private record Overtaken(
      String text,
      boolean textDiffers,
      List<Map<String, Object>> sent,
      String step,
      List<Integer> imagesKept,
      int imagesDropped,
      int imagesUnread,
      boolean byThemselves,
      int freePlaces) {}

  /**
   * Every field of the form the person sent but its text (shown apart, to copy from), in the form's
   * order: what they chose is kept on the page even where the current version, in the form below,
   * has it otherwise.
   */
  private List<Map<String, Object>> sent(Values theirs, Values current, List<PostImage> holds) {
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(
        sentRow(
            "Accounts",
            theirs.accounts().isEmpty() ? "none chosen" : PageText.list(theirs.accounts()),
            !Set.copyOf(theirs.accounts()).equals(Set.copyOf(current.accounts()))));
    String link = nullToEmpty(theirs.link()).strip();
    rows.add(
        sentRow(
            "Link",
            link.isEmpty() ? "none" : link,
            !link.equals(nullToEmpty(current.link()).strip())));
    boolean anImage = false;
    for (Slot slot : theirs.slots()) {
      String image = sentImage(slot);
      if (image == null) {
        continue;
      }
      anImage = true;
      rows.add(sentRow("Image " + slot.number(), image, imageDiffers(slot, current, holds)));
    }
    if (!anImage) {
      rows.add(sentRow("Images", "none", current.slots().stream().anyMatch(slot -> slot.holds())));
    }
    String topic;
    try {
      topic =
          theirs.topic() == null
              ? "none chosen"
              : PageText.topic(Topic.parse(theirs.topic(), "topic"));
    } catch (PostRefused unknown) {
      topic = theirs.topic();
    }
    rows.add(sentRow("Topic", topic, !Objects.equals(theirs.topic(), current.topic())));
    String intent;
    try {
      intent =
          theirs.intent() == null
              ? "none chosen"
              : PageText.intent(Intent.parse(theirs.intent(), "intent"));
    } catch (PostRefused unknown) {
      intent = theirs.intent();
    }
    rows.add(sentRow("Intent", intent, !Objects.equals(theirs.intent(), current.intent())));
    String at = nullToEmpty(theirs.publishAt()).strip();
    String when;
    if (theirs.asap()) {
      when = "As soon as it is approved";
    } else if (at.isEmpty()) {
      when = "At a set time, with no time given";
    } else {
      try {
        when = "At a set time: " + PageText.when(LocalDateTime.parse(at));
      } catch (DateTimeParseException unreadable) {
        when = "At a set time: " + at;
      }
    }
    rows.add(
        sentRow(
            "When it goes out",
            when,
            theirs.asap() != current.asap()
                || (!theirs.asap() && !at.equals(nullToEmpty(current.publishAt())))));
    return rows;
  }

  private static Map<String, Object> sentRow(String label, String value, boolean differs) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("label", label);
    row.put("value", value);
    row.put("differs", differs);
    return row;
  }

  /** An image place as the person left it, or null when they left it empty. */
  private static String sentImage(Slot slot) {
    String alt =
        slot.alt().isBlank()
            ? "with no alt text"
            : "with the alt text “" + slot.alt().strip() + "”";
    if (slot.kept() != null) {
      return slot.removed() ? "removed" : "kept, " + alt;
    }
    if (slot.staged() != null) {
      return slot.removed() ? null : "a new file, " + alt;
    }
    return slot.alt().isBlank() ? null : "the alt text “" + slot.alt().strip() + "”, with no image";
  }

  private static boolean imageDiffers(Slot slot, Values current, List<PostImage> holds) {
    if (slot.staged() != null) {
      return !alreadyHeld(slot, holds); // saved already only by the person's own first click
    }
    if (slot.kept() == null) {
      return true; // alt text without a file: not saved anywhere
    }
    Slot now =
        current.slots().stream()
            .filter(each -> each.kept() != null && each.kept().id().equals(slot.kept().id()))
            .findFirst()
            .orElse(null);
    return slot.removed()
        ? now != null
        : now == null || !now.alt().strip().equals(slot.alt().strip());
  }

  /** The same text, however the browser ended its lines. */
  private static boolean sameText(String a, String b) {
    return nullToEmpty(a)
        .replace("\r\n", "\n")
        .strip()
        .equals(nullToEmpty(b).replace("\r\n", "\n").strip());
  }

  /** The current version's values with the person's new images in its free places. */
  private record Stale(Values values, List<Integer> placed, int notPlaced, int freePlaces) {}

  private Stale withNewImages(Values current, Values theirs, List<PostImage> holds) {
    List<Slot> slots = new ArrayList<>(current.slots());
    int freePlaces = (int) slots.stream().filter(slot -> !slot.holds()).count();
    List<Integer> placed = new ArrayList<>();
    int notPlaced = 0;
    for (Slot mine : theirs.slots()) {
      if (mine.staged() == null) {
        continue;
      }
      if (mine.removed() || alreadyHeld(mine, holds)) {
        // Ticked "remove", or saved already by the person's first click: not offered again.
        uploads.discard(mine.staged().id());
        continue;
      }
      int free = -1;
      for (int i = 0; i < slots.size() && free < 0; i++) {
        free = slots.get(i).holds() ? -1 : i;
      }
      if (free < 0) {
        uploads.discard(mine.staged().id());
        notPlaced++;
        continue;
      }
      int number = slots.get(free).number();
      slots.set(free, new Slot(number, null, mine.staged(), mine.alt(), false, false));
      placed.add(number);
    }
    return new Stale(
        new Values(
            current.text(),
            current.link(),
            current.accounts(),
            current.topic(),
            current.intent(),
            current.asap(),
            current.publishAt(),
            current.publishAtShown(),
            slots),
        placed,
        notPlaced,
        freePlaces);
  }

  /**
   * Whether the version holds this very image already: the same type, size and alt text (a second
   * click on Save sends the form the first click saved).
   */
  private static boolean alreadyHeld(Slot mine, List<PostImage> holds) {
    if (mine.alt().isBlank()) {
      return false; // two blank alt texts say nothing of the images: offered again, not dropped
    }
    return holds.stream()
        .anyMatch(
            image ->
                image.size() == mine.staged().size()
                    && image.contentType().equals(mine.staged().type().contentType())
                    && image.alt().strip().equals(mine.alt().strip()));
  }

  /** Every problem of the refusal, each at its input, in the order they were found. */
  private static void addAll(Problems problems, PostRefused refused, Values values) {
    problems.add(inputFor(refused.refusal(), values), message(refused.refusal()));
    for (Refusal.Invalid more : refused.more()) {
      problems.add(inputFor(more, values), message(more));
    }
  }

  private static String message(Refusal refusal) {
    String message =
        switch (refusal) {
          case Refusal.Invalid invalid -> label(invalid.field()) + ": " + invalid.reason();
          case Refusal.TooLarge large -> {
            String size = PageScopes.size(large.size());
            String limit = PageScopes.size(large.limit());
            // "5.0 MB; the limit is 5 MB" reads as no excess at all: then the bytes say it.
            boolean looksEqual = size.replace(".0 ", " ").equals(limit);
            yield label(large.field())
                + ": the file is "
                + (looksEqual
                    ? String.format(
                        java.util.Locale.ROOT,
                        "%,d bytes; the limit is %,d bytes (%s)",
                        large.size(),
                        large.limit(),
                        limit)
                    : size + "; the limit is " + limit);
          }
          default -> refusal.message();
        };
    return Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
  }

  private static String label(String field) {
    if (field.startsWith("images[")) {
      int index = Integer.parseInt(field.substring(7, field.indexOf(']')));
      return field.endsWith(".alt") ? "Alt text of image " + (index + 1) : "Image " + (index + 1);
    }
    return switch (field) {
      case "text" -> "Text";
      case "link" -> "Link";
      case "publishAt" -> "Publish time";
      case "accounts" -> "Accounts";
      case "images" -> "Images";
      default -> field;
    };
  }

  private static int status(PostRefused refused) {
    return refused.status() == 413 ? 413 : 400;
  }

  // ---- rendering ----

  private Values valuesOf(Post post) {
    List<Slot> slots = emptySlots(post.images());
    return new Values(
        post.text(),
        post.link(),
        post.accounts(),
        post.topic().id(),
        post.intent().id(),
        post.publishAt() == null,
        words.inputValue(post.publishAt()),
        words.inputValue(post.publishAt()),
        slots);
  }

  private static List<Slot> emptySlots(List<PostImage> images) {
    List<Slot> slots = new ArrayList<>();
    for (int n = 1; n <= SLOTS; n++) {
      PostImage image = n <= images.size() ? images.get(n - 1) : null;
      slots.add(
          new Slot(n, image, null, image == null ? "" : nullToEmpty(image.alt()), false, false));
    }
    return slots;
  }

  /**
   * @param post null when composing; else the post being edited
   * @param version the version the form carries: the one the person saw
   * @param overtaken what the person sent, when a newer version overtook theirs; else null
   */
  private void render(
      Exchange exchange,
      int status,
      Post post,
      int version,
      Values values,
      Problems problems,
      Overtaken overtaken)
      throws IOException {
    Actor actor = exchange.actor();
    boolean editing = post != null;
    String author = editing ? post.author() : actor.name();
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("heading", editing ? "Edit the post" : "Write a post");
    scope.put("action", exchange.url(editing ? "posts/" + post.id() + "/edit" : "compose"));
    scope.put("previewUrl", exchange.url("api/posts/preview"));
    scope.put("csrf", exchange.csrfToken());
    scope.put("editing", editing);
    if (editing) {
      scope.put("postId", post.id());
      scope.put("postUrl", exchange.url("posts/" + post.id()));
      scope.put("version", version);
      scope.put("state", PageText.state(post.state()));
      scope.put("decision", PageScopes.decision(post, words, exchange));
    } else {
      scope.put("formKey", formKey(exchange));
    }
    scope.put("stale", overtaken != null);
    if (overtaken != null) {
      scope.put(
          "staleHeading",
          overtaken.byThemselves()
              ? "You changed this post already (a second click, or another tab); here is the"
                  + " current version."
              : "Someone else acted on this post since you opened it"
                  + overtaken.step()
                  + "; here is the current version ("
                  + version
                  + ").");
      scope.put("unsavedText", overtaken.text());
      scope.put("unsavedTextDiffers", overtaken.textDiffers());
      scope.put("unsaved", overtaken.sent());
      List<Integer> kept = overtaken.imagesKept();
      if (!kept.isEmpty()) {
        scope.put(
            "imagesKept",
            (kept.size() == 1 ? "The image you chose is" : "The images you chose are")
                + " kept in the form below as "
                + (kept.size() == 1 ? "image " : "images ")
                + PageText.list(kept.stream().map(String::valueOf).toList())
                + ", not yet saved: "
                + (kept.size() == 1
                    ? "remove it if you no longer want it."
                    : "remove any you no longer want."));
      }
      List<String> lost = new ArrayList<>();
      if (overtaken.imagesDropped() > 0) {
        lost.add(
            PageText.count(overtaken.imagesDropped(), "image")
                + " you chose did not fit: this version had "
                + (overtaken.freePlaces() == 0
                    ? "no free place"
                    : PageText.count(overtaken.freePlaces(), "free place"))
                + ". Remove as many of its images as you need, then choose yours again.");
      }
      if (overtaken.imagesUnread() > 0) {
        lost.add(
            PageText.count(overtaken.imagesUnread(), "file")
                + " you chose could not be kept (not a picture, or too large): choose "
                + (overtaken.imagesUnread() == 1 ? "it" : "them")
                + " again if still needed.");
      }
      scope.put("imagesDropped", lost.isEmpty() ? null : String.join(" ", lost));
    }
    scope.put("done", PageText.done(exchange.request().getParameter("done")));
    scope.put("hasErrors", problems.any());
    scope.put("errorTitle", problems.title);
    scope.put("errors", problems.list);
    scope.put(
        "errorCount", problems.list.size() == 1 ? "1 problem" : problems.list.size() + " problems");

    boolean byAuthor = author.equals(actor.name());
    PostState state = editing ? post.state() : PostState.DRAFT;
    boolean draftLike = state == PostState.DRAFT || state == PostState.CHANGES_REQUESTED;
    scope.put("authorDraftButtons", byAuthor && draftLike);
    scope.put("authorResubmitNote", byAuthor && state == PostState.APPROVED);
    scope.put("moderatorApprovedNote", !byAuthor && state == PostState.APPROVED);
    scope.put("saveButton", !(byAuthor && draftLike));
    scope.put("approveButton", !byAuthor && actor.isModerator() && state.awaitsDecision());

    scope.put("textError", problems.byInput.get("f-text"));
    scope.put("linkError", problems.byInput.get("f-link"));
    scope.put("accountsError", problems.byInput.get("f-accounts"));
    scope.put("topicError", problems.byInput.get("f-topic-" + Topic.values()[0].id()));
    scope.put("intentError", problems.byInput.get("f-intent-engagement"));
    scope.put("publishAtError", problems.byInput.get("f-publishAt"));
    scope.put("imagesError", problems.byInput.get("f-images"));
    scope.put("text", values.text());
    scope.put("textInvalid", problems.byInput.containsKey("f-text"));
    scope.put("link", values.link());
    scope.put("linkInvalid", problems.byInput.containsKey("f-link"));

    List<Map<String, Object>> accounts = new ArrayList<>();
    for (AccountConfig account : config.accounts()) {
      boolean chosen = values.accounts().contains(account.id());
      if (!account.team().contains(author) && !chosen) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", account.id());
      row.put("platform", PageText.network(PageScopes.network(account)));
      row.put("handle", account.handle());
      row.put("checked", chosen);
      accounts.add(row);
    }
    scope.put("accounts", accounts);
    scope.put("noAccounts", accounts.isEmpty());
    scope.put("accountsInvalid", problems.byInput.containsKey("f-accounts"));

    scope.put("topics", choices(Topic.values(), values.topic()));
    scope.put("topicInvalid", problems.byInput.containsKey("f-topic-" + Topic.values()[0].id()));
    scope.put("intents", choices(Intent.values(), values.intent()));
    scope.put("intentInvalid", problems.byInput.containsKey("f-intent-engagement"));
    scope.put("asap", values.asap());
    scope.put("publishAt", values.publishAt());
    scope.put("publishAtShown", values.publishAtShown());
    scope.put("publishAtInvalid", problems.byInput.containsKey("f-publishAt"));
    scope.put("zone", config.timeZone().getId());

    List<Map<String, Object>> slots = new ArrayList<>();
    // Images 2 to 4 fold away (a details element, no script) unless one of them is in use.
    boolean moreOpen =
        values.slots().stream()
            .skip(1)
            .anyMatch(
                slot ->
                    slot.holds()
                        || !slot.alt().isBlank()
                        || problems.byInput.containsKey(fileInput(slot.number()))
                        || problems.byInput.containsKey(altInput(slot.number())));
    for (Slot slot : values.slots()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("number", slot.number());
      row.put("opensMore", slot.number() == 2);
      row.put("moreOpen", moreOpen);
      row.put("closesMore", slot.number() == SLOTS);
      row.put("alt", slot.alt());
      row.put("fileId", fileInput(slot.number()));
      row.put("altId", altInput(slot.number()));
      row.put("removeId", removeInput(slot.number()));
      row.put("removeError", problems.byInput.get(removeInput(slot.number())));
      row.put("fileError", problems.byInput.get(fileInput(slot.number())));
      row.put("fileInvalid", problems.byInput.containsKey(fileInput(slot.number())));
      row.put("altError", problems.byInput.get(altInput(slot.number())));
      row.put("altInvalid", problems.byInput.containsKey(altInput(slot.number())));
      // Every key the slot's sections test is set, true or false: a missing one would be looked
      // up in the page's scope.
      boolean kept = slot.kept() != null && editing;
      boolean staged = slot.staged() != null;
      row.put("kept", kept);
      row.put("staged", staged);
      row.put("holds", kept || staged);
      if (kept || staged) {
        String id = kept ? slot.kept().id() : slot.staged().id();
        row.put("holdName", "image-" + slot.number() + (kept ? "-keep" : "-staged"));
        row.put("holdId", id);
        row.put("holdUrl", exchange.url("api/images/" + id));
        row.put("removed", slot.removed());
      }
      slots.add(row);
    }
    scope.put("slots", slots);
    scope.put("maxImageSize", PageScopes.size(config.imageMaxBytes()));

    Preview preview = preview(values);
    scope.put("counters", counters(preview));
    scope.put("noCounters", preview.platforms().isEmpty());
    scope.put("warnings", preview.warnings().stream().map(LintWarning::message).toList());
    scope.put("hasWarnings", !preview.warnings().isEmpty());

    // An edit's tab names its post, as the post page's does.
    String title =
        (problems.any() ? "Error: " : "")
            + (editing && !post.text().isBlank()
                ? "Edit “" + PageText.firstWords(post.text()) + "”"
                : scope.get("heading"));
    exchange.page(status, title, "compose", scope, List.of("compose.js", "publish-time.js"));
  }

  private Preview preview(Values values) {
    List<ImageInput> images = new ArrayList<>();
    for (Slot slot : values.slots()) {
      boolean used = slot.holds() ? !slot.removed() : !slot.alt().isBlank();
      if (used) {
        images.add(ImageInput.keep(slot.kept() == null ? "new" : slot.kept().id(), slot.alt()));
      }
    }
    try {
      return posts.preview(
          new PostDraft(values.text(), values.link(), images, values.accounts(), null, null, null));
    } catch (PostRefused unknownAccount) {
      return new Preview(List.of(), List.of());
    }
  }

  static List<Map<String, Object>> counters(Preview preview) {
    List<Map<String, Object>> counters = new ArrayList<>();
    for (PlatformCheck check : preview.platforms()) {
      counters.add(PageScopes.counter(check));
    }
    return counters;
  }

  private static List<Map<String, Object>> choices(Enum<?>[] options, String chosen) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Enum<?> option : options) {
      String id = option instanceof Topic t ? t.id() : ((Intent) option).id();
      String label =
          option instanceof Topic t ? PageText.topic(t) : PageText.intent((Intent) option);
      list.add(Map.of("id", id, "label", label, "checked", id.equals(chosen)));
    }
    return list;
  }

  private static String removeInput(int slot) {
    return "f-image-" + slot + "-remove";
  }

  private static String fileInput(int slot) {
    return "f-image-" + slot;
  }

  private static String altInput(int slot) {
    return "f-image-" + slot + "-alt";
  }

  private static String remove(int slot) {
    return "image-" + slot + "-remove";
  }

  private static String staged(int slot) {
    return "image-" + slot + "-staged";
  }

  private static String lostFile(int slot) {
    return "Image "
        + slot
        + ": the file chosen earlier is no longer kept (the intranet restarted, or many files were"
        + " chosen since); choose it again.";
  }

  /** A kept file's bytes; null when it went meanwhile (a second sending of the same form). */
  private byte[] readKept(StagedUploads.Staged staged) {
    try {
      return uploads.read(staged);
    } catch (java.io.UncheckedIOException gone) {
      return null;
    }
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
