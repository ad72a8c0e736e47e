package org.digitalbranch.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.digitalbranch.queue.QueueFixture.ANA;
import static org.digitalbranch.queue.QueueFixture.BEN;
import static org.digitalbranch.queue.QueueFixture.IT;
import static org.digitalbranch.queue.QueueFixture.MEG;
import static org.digitalbranch.queue.QueueFixture.MO;
import static org.digitalbranch.queue.QueueFixture.START;
import static org.digitalbranch.queue.QueueFixture.draft;
import static org.digitalbranch.queue.WorkflowTest.refusalOf;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostServiceTest {
  @TempDir Path folder;
  QueueFixture fixture;
  PostService service;

  @BeforeEach
  void setUp() {
    fixture = new QueueFixture(folder);
    service = fixture.service;
  }

  @Test
  void aNewPostIsADraftAtVersionOneWithItsCreationOnRecord() {
    Post post = service.create(ANA, draft("Story time Friday!", "fb-main", "x-main"));

    Post stored = service.get(ANA, post.id());
    assertThat(stored.id()).matches("[A-Za-z0-9_-]{22}");
    assertThat(stored.version()).isEqualTo(1);
    assertThat(stored.state()).isEqualTo(PostState.DRAFT);
    assertThat(stored.accounts()).containsExactly("fb-main", "x-main");
    assertThat(stored.history())
        .containsExactly(
            new HistoryEntry("create", "ana", START, null, PostState.DRAFT, 1, null, null));
  }

  @Test
  void draftsArePrivateToTheirAuthor() {
    Post post = service.create(ANA, draft("Story time Friday!", "fb-main"));

    assertThat(refusalOf(() -> service.get(BEN, post.id()))).isEqualTo(new Refusal.NotFound());
    assertThat(refusalOf(() -> service.get(MO, post.id()))).isEqualTo(new Refusal.NotFound());
    assertThat(refusalOf(() -> service.act(MO, post.id(), Action.APPROVE, 1, null, false)))
        .isEqualTo(new Refusal.NotFound());
  }

  @Test
  void anotherModeratorApprovesASubmittedPostAndEveryStepIsOnRecord() {
    Post submitted = fixture.submitted("Story time Friday!");
    fixture.clock.advance(Duration.ofMinutes(5));

    Post approved = service.act(MO, submitted.id(), Action.APPROVE, 2, "Lovely", false);

    assertThat(approved.state()).isEqualTo(PostState.APPROVED);
    assertThat(approved.version()).isEqualTo(3);
    assertThat(approved.history())
        .extracting(
            h -> h.action() + " " + h.actor() + " " + h.from() + "→" + h.to() + " v" + h.version())
        .containsExactly(
            "create ana null→DRAFT v1",
            "submit ana DRAFT→SUBMITTED v1",
            "approve mo SUBMITTED→APPROVED v2");
    assertThat(approved.history().get(2).note()).isEqualTo("Lovely");
    assertThat(approved.history().get(2).at()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    assertThat(service.get(BEN, submitted.id()).state()).isEqualTo(PostState.APPROVED);
  }

  @Test
  void approvingYourOwnPostIsForbidden() {
    Post post = service.create(MO, draft("Staff picks", "fb-main"));
    service.act(MO, post.id(), Action.SUBMIT, 1, null, false);

    Refusal refusal = refusalOf(() -> service.act(MO, post.id(), Action.APPROVE, 2, null, false));

    assertThat(refusal.status()).isEqualTo(403);
    assertThat(refusal.message())
        .isEqualTo("you cannot approve your own post; a colleague with the moderator role must");
  }

  @Test
  void aStaleVersionIsRefusedWithTheCurrentVersion() {
    Post post = fixture.submitted("Story time Friday!");

    Refusal refusal = refusalOf(() -> service.act(MO, post.id(), Action.APPROVE, 1, null, false));

    assertThat(refusal).isEqualTo(new Refusal.StaleVersion(2));
    assertThat(refusal.status()).isEqualTo(409);
  }

  @Test
  void anIllegalTransitionNamesTheCurrentState() {
    Post post = fixture.submitted("Story time Friday!");
    service.act(MO, post.id(), Action.REJECT, 2, "Duplicate of yesterday's post", false);

    Refusal refusal = refusalOf(() -> service.act(MEG, post.id(), Action.APPROVE, 3, null, false));

    assertThat(refusal.status()).isEqualTo(409);
    assertThat(refusal.message()).isEqualTo("a post that is rejected cannot be approved");
  }

  @Test
  void aRejectionWithoutAReasonIsRefusedAndChangesNothing() {
    Post post = fixture.submitted("Story time Friday!");

    assertThat(refusalOf(() -> service.act(MO, post.id(), Action.REJECT, 2, " ", false)))
        .isEqualTo(new Refusal.Invalid("note", "a rejection needs a reason the author can read"));
    Post after = service.get(MO, post.id());
    assertThat(after.state()).isEqualTo(PostState.SUBMITTED);
    assertThat(after.version()).isEqualTo(2);
    assertThat(after.history()).hasSize(2);
  }

  @Test
  void sentBackForChangesTheAuthorEditsAndResubmits() {
    Post post = fixture.submitted("Story time Fridya!");
    service.act(MO, post.id(), Action.REQUEST_CHANGES, 2, "Typo in Friday", false);

    Post edited = service.edit(ANA, post.id(), 3, draft("Story time Friday!", "fb-main"));
    Post resubmitted = service.act(ANA, post.id(), Action.SUBMIT, 4, null, false);

    assertThat(edited.state()).isEqualTo(PostState.CHANGES_REQUESTED);
    assertThat(resubmitted.state()).isEqualTo(PostState.SUBMITTED);
    assertThat(resubmitted.history())
        .extracting(HistoryEntry::action)
        .containsExactly("create", "submit", "request-changes", "edit", "submit");
    assertThat(resubmitted.history().get(2).note()).isEqualTo("Typo in Friday");
    assertThat(resubmitted.history().get(3).diff())
        .isEqualTo("text: Story time [-Fridya!-]{+Friday!+}");
  }

  @Test
  void sendingBackWithoutANoteIsRefused() {
    Post post = fixture.submitted("Story time Friday!");

    assertThat(refusalOf(() -> service.act(MO, post.id(), Action.REQUEST_CHANGES, 2, null, false)))
        .isEqualTo(new Refusal.Invalid("note", "say what should change"));
  }

  @Test
  void aModeratorsEditBeforeApprovingIsKeptAsAWordDiff() {
    Post post = fixture.submitted("Join us for story time on Friday at ten");

    Post edited =
        service.edit(
            MO,
            post.id(),
            2,
            new PostDraft(
                "Join us for story time on Saturday at ten",
                null,
                List.of(),
                List.of("fb-main"),
                Topic.EVENTS,
                Intent.ENGAGEMENT,
                null));
    Post approved = service.act(MO, post.id(), Action.APPROVE, 3, null, false);

    assertThat(edited.state()).isEqualTo(PostState.SUBMITTED);
    HistoryEntry edit = approved.history().get(2);
    assertThat(edit.actor()).isEqualTo("mo");
    assertThat(edit.version()).isEqualTo(2);
    assertThat(edit.diff())
        .isEqualTo("text: Join us for story time on [-Friday-]{+Saturday+} at ten");
    assertThat(approved.state()).isEqualTo(PostState.APPROVED);
    assertThat(approved.author()).isEqualTo("ana");
  }

  @Test
  void anAuthorsEditToAnApprovedPostSendsItBackToReview() {
    Post approved = fixture.approved(draft("Book club Tuesday", "fb-main"));
    fixture.clock.advance(Duration.ofHours(1));

    Post edited =
        service.edit(
            ANA,
            approved.id(),
            3,
            new PostDraft(
                "Book club Wednesday",
                null,
                List.of(),
                List.of("fb-main"),
                Topic.SERVICES,
                Intent.ENGAGEMENT,
                null));

    assertThat(edited.state()).isEqualTo(PostState.SUBMITTED);
    assertThat(edited.approvedAt()).isNull();
    assertThat(edited.submittedAt()).isEqualTo(START.plus(Duration.ofHours(1)));
    assertThat(edited.history().getLast())
        .isEqualTo(
            new HistoryEntry(
                "edit",
                "ana",
                START.plus(Duration.ofHours(1)),
                PostState.APPROVED,
                PostState.SUBMITTED,
                3,
                null,
                "text: Book club [-Tuesday-]{+Wednesday+}\ntopic: events → services"));
  }

  @Test
  void aModeratorsEditKeepsAnApprovedPostApprovedWithTheDiffOnRecordUnlessTheyWroteIt() {
    Post approved = fixture.approved(draft("Book club Tuesday at six", "fb-main"));
    fixture.clock.advance(Duration.ofHours(1));

    Post edited =
        service.edit(MEG, approved.id(), 3, draft("Book club Tuesday at seven", "fb-main"));

    assertThat(edited.state()).isEqualTo(PostState.APPROVED);
    assertThat(edited.version()).isEqualTo(4);
    assertThat(edited.text()).isEqualTo("Book club Tuesday at seven");
    assertThat(edited.approvedAt()).isEqualTo(approved.approvedAt());
    assertThat(edited.submittedAt()).isEqualTo(approved.submittedAt());
    assertThat(edited.history().getLast())
        .isEqualTo(
            new HistoryEntry(
                "edit",
                "meg",
                START.plus(Duration.ofHours(1)),
                PostState.APPROVED,
                PostState.APPROVED,
                3,
                null,
                "text: Book club Tuesday at [-six-]{+seven+}"));
    assertThat(service.approvedNext(10)).extracting(Post::text).contains(edited.text());

    // A moderator who wrote the post is its author: their change needs a colleague's approval.
    Post own = service.create(MO, draft("Staff picks", "fb-main"));
    service.act(MO, own.id(), Action.SUBMIT, 1, null, false);
    service.act(MEG, own.id(), Action.APPROVE, 2, null, false);
    assertThat(service.edit(MO, own.id(), 3, draft("Staff picks for winter", "fb-main")).state())
        .isEqualTo(PostState.SUBMITTED);
  }

  @Test
  void theSameAccountsInAnotherOrderAreNoChangeOnTheRecord() {
    Post approved = fixture.approved(draft("Book club Tuesday", "fb-main", "x-main"));

    Post edited =
        service.edit(MEG, approved.id(), 3, draft("Book club Wednesday", "x-main", "fb-main"));

    assertThat(edited.history().getLast().note()).isEqualTo(null);
    assertThat(edited.history().getLast().diff())
        .isEqualTo("text: Book club [-Tuesday-]{+Wednesday+}");
  }

  @Test
  void aModeratorsEditOfAnApprovedPostMustStillFitEveryPlatformAndDescribeEveryImage() {
    Post approved = fixture.approved(draft("Book club Tuesday", "fb-main", "x-main"));
    PostDraft tooLongWithAnUndescribedImage =
        new PostDraft(
            "a".repeat(281),
            null,
            List.of(ImageInput.upload(ImageStoreTest.PNG, "")),
            List.of("fb-main", "x-main"),
            Topic.EVENTS,
            Intent.ENGAGEMENT,
            null);

    PostRefused refused =
        catchThrowableOfType(
            PostRefused.class,
            () -> service.edit(MO, approved.id(), 3, tooLongWithAnUndescribedImage));

    assertThat(fieldsOf(refused)).containsExactly("text", "images[0].alt");
    Post unchanged = service.get(MO, approved.id());
    assertThat(unchanged.state()).isEqualTo(PostState.APPROVED);
    assertThat(unchanged.version()).isEqualTo(3);
    assertThat(unchanged.text()).isEqualTo("Book club Tuesday");
  }

  @Test
  void aModeratorMovingAnApprovedPostsTimeMustChooseATimeAheadAsAtApproval() {
    Post approved = fixture.approved(storytimeAt("2026-11-21T10:00"));

    assertThat(refusalOf(() -> service.edit(MO, approved.id(), 3, storytimeAt("2026-11-20T08:00"))))
        .isEqualTo(
            new Refusal.Invalid(
                "publishAt",
                "the publish time Fri 20 Nov 2026, 08:00 has passed; choose a later time or as"
                    + " soon as approved"));
    Post moved = service.edit(MO, approved.id(), 3, storytimeAt("2026-11-22T10:00"));

    assertThat(moved.state()).isEqualTo(PostState.APPROVED);
    assertThat(moved.publishAt()).isEqualTo(Instant.parse("2026-11-22T16:00:00Z"));
    assertThat(moved.history().getLast().diff())
        .isEqualTo("publishAt: 2026-11-21T10:00 → 2026-11-22T10:00");
  }

  @Test
  void otherStaffCannotEditSomeoneElsesPost() {
    Post post = fixture.submitted("Story time Friday!");

    assertThat(refusalOf(() -> service.edit(BEN, post.id(), 2, draft("Mine now", "fb-main"))))
        .isEqualTo(new Refusal.Forbidden("only the author or a moderator can edit a post"));
  }

  @Test
  void theAuthorCanWithdrawASubmittedOrApprovedPostButNobodyElseCan() {
    Post submitted = fixture.submitted("Story time Friday!");
    Post approved = fixture.approved(draft("Book club Tuesday", "fb-main"));

    assertThat(refusalOf(() -> service.act(MO, submitted.id(), Action.WITHDRAW, 2, null, false)))
        .isEqualTo(new Refusal.Forbidden("only the author can withdraw their post"));
    assertThat(service.act(ANA, submitted.id(), Action.WITHDRAW, 2, null, false).state())
        .isEqualTo(PostState.WITHDRAWN);
    assertThat(service.act(ANA, approved.id(), Action.WITHDRAW, 3, "Cancelled", false).state())
        .isEqualTo(PostState.WITHDRAWN);
    assertThat(refusalOf(() -> service.act(ANA, approved.id(), Action.SUBMIT, 4, null, false)))
        .isEqualTo(new Refusal.IllegalTransition(PostState.WITHDRAWN, Action.SUBMIT));
  }

  @Test
  void anOverlongPostIsSavedAsADraftButNotSubmitted() {
    Post post = service.create(ANA, draft("a".repeat(281), "fb-main", "x-main"));

    Refusal refusal = refusalOf(() -> service.act(ANA, post.id(), Action.SUBMIT, 1, null, false));

    assertThat(post.state()).isEqualTo(PostState.DRAFT);
    assertThat(refusal)
        .isEqualTo(
            new Refusal.Invalid(
                "text", "X: 281 of 280 weighted characters, 1 too many (account x-main)"));
  }

  @Test
  void everyProblemOfADraftIsGivenAtOnceNotOnePerTry() {
    PostDraft wrong =
        new PostDraft(
            "Cat",
            "not a link",
            List.of(ImageInput.upload(ImageStoreTest.TEXT, "A cat on a desk")),
            List.of("ig-main"),
            Topic.SERVICES,
            Intent.ENGAGEMENT,
            LocalDateTime.parse("+99999-03-14T09:30"));

    PostRefused refused = catchThrowableOfType(PostRefused.class, () -> service.create(ANA, wrong));

    assertThat(fieldsOf(refused)).containsExactly("link", "images[0]", "publishAt");
    assertThat(refused.status()).isEqualTo(400);
  }

  @Test
  void aRefusedDraftOrEditLeavesNoImageFileBehind() throws Exception {
    ImageInput photo = ImageInput.upload(ImageStoreTest.PNG, "Armchairs by a sunny window");
    PostDraft badLink =
        new PostDraft(
            "Our new reading nook",
            "not a link",
            List.of(photo),
            List.of("ig-main"),
            Topic.SERVICES,
            Intent.ENGAGEMENT,
            null);
    Post submitted =
        service.act(
            ANA,
            service
                .create(
                    ANA,
                    new PostDraft(
                        "Our new reading nook",
                        null,
                        List.of(photo),
                        List.of("ig-main"),
                        Topic.SERVICES,
                        Intent.ENGAGEMENT,
                        null))
                .id(),
            Action.SUBMIT,
            1,
            null,
            false);
    List<Path> before = imageFiles();

    refusalOf(() -> service.create(ANA, badLink));
    // A second photo without its description: refused only once the edit is checked for review.
    refusalOf(
        () ->
            service.edit(
                ANA,
                submitted.id(),
                submitted.version(),
                new PostDraft(
                    "Our new reading nook",
                    null,
                    List.of(
                        ImageInput.keep(submitted.images().getFirst().id(), "Armchairs"),
                        ImageInput.upload(ImageStoreTest.PNG, "")),
                    List.of("ig-main"),
                    Topic.SERVICES,
                    Intent.ENGAGEMENT,
                    null)));

    assertThat(before).hasSize(1);
    assertThat(imageFiles()).isEqualTo(before);
  }

  @Test
  void aTextTooLongAndAMissingInstagramImageAreBothGiven() {
    Post post = service.create(ANA, draft("a".repeat(281), "ig-main", "x-main"));

    PostRefused refused =
        catchThrowableOfType(
            PostRefused.class, () -> service.act(ANA, post.id(), Action.SUBMIT, 1, null, false));

    assertThat(fieldsOf(refused)).containsExactly("text", "images");
  }

  @Test
  void anImageTooLargeForBlueskyIsNamedAtSubmitNotFoundAtPublishTime() {
    // Bluesky refuses a blob over 2,000,000 bytes when the post goes out, and a retry sends the
    // same bytes again: the author hears it while the image can still be changed.
    TargetAccount bluesky = new TargetAccount("bluesky-main", Network.BLUESKY, Set.of("ana"), 0);
    PostService withBluesky =
        fixture.newService(Transactor.over(fixture.dataSource), 5_000_000, bluesky);
    byte[] large = java.util.Arrays.copyOf(ImageStoreTest.PNG, 2_000_001);
    byte[] fits = java.util.Arrays.copyOf(ImageStoreTest.PNG, 2_000_000);
    Post post =
        withBluesky.create(
            ANA,
            new PostDraft(
                "Our new reading nook",
                null,
                List.of(
                    ImageInput.upload(fits, "Armchairs by a sunny window"),
                    ImageInput.upload(large, "The nook from the door")),
                List.of("bluesky-main", "x-main"),
                Topic.SERVICES,
                Intent.ENGAGEMENT,
                null));

    PostRefused refused =
        catchThrowableOfType(
            PostRefused.class,
            () -> withBluesky.act(ANA, post.id(), Action.SUBMIT, 1, null, false));

    assertThat(fieldsOf(refused)).containsExactly("images[1]");
    assertThat(refused.getMessage())
        .contains("Bluesky takes images up to 2,000,000 bytes and this one is 2,000,001")
        .contains("bluesky-main");
  }

  @Test
  void aSaveThatFailsTakesItsNewImageFilesWithIt() throws Exception {
    PostService failing =
        fixture.newService(
            new Transactor() {
              @Override
              public <T> T inTransaction(Work<T> work) {
                throw new IllegalStateException("the database went away");
              }
            },
            1_000);
    PostDraft withPhoto =
        new PostDraft(
            "Our new reading nook",
            null,
            List.of(ImageInput.upload(ImageStoreTest.PNG, "Armchairs by a sunny window")),
            List.of("ig-main"),
            Topic.SERVICES,
            Intent.ENGAGEMENT,
            null);

    assertThatThrownBy(() -> failing.create(ANA, withPhoto))
        .hasMessageContaining("the database went away");

    assertThat(java.nio.file.Files.exists(fixture.images)).isTrue();
    assertThat(imageFiles()).isEmpty();
  }

  private List<Path> imageFiles() throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(fixture.images)) {
      return files.sorted().toList();
    }
  }

  @Test
  void everyReasonAPostCannotBeSubmittedIsGivenAtOnce() {
    Post post =
        service.create(
            ANA,
            new PostDraft(
                "a".repeat(281),
                null,
                List.of(ImageInput.upload(ImageStoreTest.PNG, "")),
                List.of("x-main"),
                Topic.SERVICES,
                Intent.ENGAGEMENT,
                LocalDateTime.parse("2026-11-19T10:00")));

    PostRefused refused =
        catchThrowableOfType(
            PostRefused.class, () -> service.act(ANA, post.id(), Action.SUBMIT, 1, null, false));

    assertThat(fieldsOf(refused)).containsExactly("text", "images[0].alt", "publishAt");
    assertThat(service.get(ANA, post.id()).state()).isEqualTo(PostState.DRAFT);
  }

  private static List<String> fieldsOf(PostRefused refused) {
    List<String> fields = new java.util.ArrayList<>();
    fields.add(((Refusal.Invalid) refused.refusal()).field());
    refused.more().forEach(more -> fields.add(more.field()));
    return fields;
  }

  @Test
  void anImageWithoutAltTextIsRefusedAtSubmitNamingIt() {
    PostDraft withImage =
        new PostDraft(
            "Our new reading nook",
            null,
            List.of(ImageInput.upload(ImageStoreTest.PNG, "")),
            List.of("ig-main"),
            Topic.SERVICES,
            Intent.ENGAGEMENT,
            null);
    Post post = service.create(ANA, withImage);

    Refusal refusal = refusalOf(() -> service.act(ANA, post.id(), Action.SUBMIT, 1, null, false));

    assertThat(refusal)
        .isEqualTo(
            new Refusal.Invalid(
                "images[0].alt", "describe the image for people who cannot see it"));
    assertThat(refusal.status()).isEqualTo(400);
  }

  @Test
  void anAltTextLongerThanXTakesIsRefusedAtSubmitNotAtPublishing() {
    String description = "Shelves of new arrivals in the teen room, ".repeat(30);
    Post post =
        service.create(
            ANA,
            new PostDraft(
                "New arrivals!",
                null,
                List.of(ImageInput.upload(ImageStoreTest.PNG, description)),
                List.of("fb-main", "x-main"),
                Topic.SERVICES,
                Intent.ENGAGEMENT,
                null));

    Refusal refusal = refusalOf(() -> service.act(ANA, post.id(), Action.SUBMIT, 1, null, false));

    assertThat(refusal)
        .isEqualTo(
            new Refusal.Invalid(
                "images[0].alt",
                "X takes alt text up to 1,000 characters and this one has "
                    + String.format(java.util.Locale.ROOT, "%,d", description.strip().length())
                    + " (X counts an emoji as two): shorten it, or leave X out"));
    assertThat(PlatformRules.altTextLimit(Network.FACEBOOK)).as("no documented limit").isZero();
    // Counted as X's upload counts it: 501 book emoji are 1,002 UTF-16 units there.
    assertThat(PlatformRules.altTextLength(Network.X, "\uD83D\uDCDA".repeat(501))).isEqualTo(1002);
    assertThat(PlatformRules.altTextLength(Network.MASTODON, "\uD83D\uDCDA".repeat(501)))
        .isEqualTo(501);
  }

  @Test
  void alternativeTextCanBeAddedToAKeptImage() {
    Post post =
        service.create(
            ANA,
            new PostDraft(
                "Our new reading nook",
                null,
                List.of(ImageInput.upload(ImageStoreTest.PNG, "")),
                List.of("ig-main"),
                Topic.SERVICES,
                Intent.ENGAGEMENT,
                null));
    String imageId = post.images().getFirst().id();

    Post edited =
        service.edit(
            ANA,
            post.id(),
            1,
            new PostDraft(
                "Our new reading nook",
                null,
                List.of(ImageInput.keep(imageId, "Armchairs by a sunny window")),
                List.of("ig-main"),
                Topic.SERVICES,
                Intent.ENGAGEMENT,
                null));

    assertThat(edited.images())
        .extracting(PostImage::alt)
        .containsExactly("Armchairs by a sunny window");
    assertThat(service.act(ANA, post.id(), Action.SUBMIT, 2, null, false).state())
        .isEqualTo(PostState.SUBMITTED);
  }

  @Test
  void uploadsAreCheckedByContentAndSize() {
    PostDraft text =
        new PostDraft(
            "Cat",
            null,
            List.of(
                ImageInput.upload(ImageStoreTest.PNG, "A cat on a shelf"),
                ImageInput.upload(ImageStoreTest.TEXT, "A cat on a desk")),
            List.of("ig-main"),
            Topic.SERVICES,
            Intent.ENGAGEMENT,
            null);
    PostDraft huge =
        new PostDraft(
            "Cat",
            null,
            List.of(ImageInput.upload(new byte[1_001], "A cat on a shelf")),
            List.of("ig-main"),
            Topic.SERVICES,
            Intent.ENGAGEMENT,
            null);

    assertThat(refusalOf(() -> service.create(ANA, text)))
        .isInstanceOfSatisfying(
            Refusal.Invalid.class, r -> assertThat(r.field()).isEqualTo("images[1]"));
    assertThat(refusalOf(() -> service.create(ANA, huge)))
        .isEqualTo(new Refusal.TooLarge("images[0]", 1_001, 1_000));
  }

  @Test
  void atMostFourImages() {
    ImageInput image = ImageInput.upload(ImageStoreTest.PNG, "A cat on a shelf");
    PostDraft five =
        new PostDraft(
            "Cats",
            null,
            List.of(image, image, image, image, image),
            List.of("ig-main"),
            Topic.SERVICES,
            Intent.ENGAGEMENT,
            null);

    assertThat(refusalOf(() -> service.create(ANA, five)))
        .isEqualTo(new Refusal.Invalid("images", "at most 4 images"));
  }

  @Test
  void onlyAnAccountsTeamMayTargetIt() {
    assertThat(refusalOf(() -> service.create(BEN, draft("Hello", "x-main"))))
        .isEqualTo(new Refusal.Invalid("accounts", "ben is not on the team of account x-main"));
    assertThat(refusalOf(() -> service.create(BEN, draft("Hello", "tiktok"))))
        .isEqualTo(new Refusal.Invalid("accounts", "no account tiktok"));
    assertThat(refusalOf(() -> service.create(BEN, draft("Hello"))))
        .isEqualTo(new Refusal.Invalid("accounts", "choose at least one account"));
  }

  @Test
  void aLinkMustBeAWebAddress() {
    PostDraft bad =
        new PostDraft(
            "Hello",
            "javascript:alert(1)",
            List.of(),
            List.of("fb-main"),
            Topic.EVENTS,
            Intent.ENGAGEMENT,
            null);

    assertThat(refusalOf(() -> service.create(ANA, bad)))
        .isEqualTo(
            new Refusal.Invalid("link", "must be a web address starting with https:// or http://"));
  }

  @Test
  void promotionAboveTheLimitNeedsConfirmationWithTheFigures() {
    for (int i = 0; i < 9; i++) {
      fixture.approved(draft("Question " + i, Topic.READERS_ADVISORY, Intent.ENGAGEMENT));
    }
    fixture.approved(draft("Come to the sale", Topic.EVENTS, Intent.PROMOTION)); // 1 of 10: 10%
    Post second =
        service.create(ANA, draft("Get a library card", Topic.SERVICES, Intent.PROMOTION));
    service.act(ANA, second.id(), Action.SUBMIT, 1, null, false);

    Refusal refusal = refusalOf(() -> service.act(MO, second.id(), Action.APPROVE, 2, null, false));

    assertThat(refusal.status()).isEqualTo(409);
    MixFigures figures = ((Refusal.MixConfirmationNeeded) refusal).figures();
    assertThat(figures.promotion()).isEqualTo(1);
    assertThat(figures.engagement()).isEqualTo(9);
    assertThat(figures.promotionPercent()).isEqualTo(10.0);
    assertThat(figures.promotionPercentAfter()).isEqualTo(18.2);
    assertThat(figures.limitPercent()).isEqualTo(10);
    assertThat(refusal.message())
        .isEqualTo(
            "approving this promotion takes promotion to 18.2% of the last 30 days' posts (2 of"
                + " 11), above the limit of 10%; confirm to approve anyway");
    assertThat(service.get(MO, second.id()).state()).isEqualTo(PostState.SUBMITTED);
    assertThat(service.act(MO, second.id(), Action.APPROVE, 2, null, true).state())
        .isEqualTo(PostState.APPROVED);
  }

  @Test
  void aModeratorsEditMakingAnApprovedPostAPromotionIsHeldToTheMixLimit() {
    for (int i = 0; i < 8; i++) {
      fixture.approved(draft("Question " + i, Topic.READERS_ADVISORY, Intent.ENGAGEMENT));
    }
    fixture.approved(draft("Come to the sale", Topic.EVENTS, Intent.PROMOTION));
    Post approved =
        fixture.approved(draft("Library cards for all", Topic.SERVICES, Intent.ENGAGEMENT));

    // 1 promotion of 10 now; the edit would make it 2 of 10.
    PostRefused refused =
        catchThrowableOfType(
            PostRefused.class,
            () ->
                service.edit(
                    MO,
                    approved.id(),
                    3,
                    draft("Get your library card today!", Topic.SERVICES, Intent.PROMOTION)));

    assertThat(refused.refusal())
        .isEqualTo(
            new Refusal.Invalid(
                "intent",
                "making this approved post a promotion takes promotion to 20.0% of the last 30"
                    + " days' posts, above the limit of 10%; send it back for changes instead,"
                    + " and its approval will ask to confirm the mix"));
    assertThat(service.get(MO, approved.id()).intent()).isEqualTo(Intent.ENGAGEMENT);
    assertThat(
            service
                .edit(
                    MO,
                    approved.id(),
                    3,
                    draft("Library cards for everyone", Topic.SERVICES, Intent.ENGAGEMENT))
                .state())
        .as("an edit that leaves the intent alone is not held to the mix")
        .isEqualTo(PostState.APPROVED);
  }

  @Test
  void theMixCountsTheLastThirtyDaysByIntentAndTopic() {
    fixture.approved(draft("Old promotion", Topic.EVENTS, Intent.PROMOTION));
    fixture.clock.advance(Duration.ofDays(31));
    fixture.approved(draft("What are you reading?", Topic.READERS_ADVISORY, Intent.ENGAGEMENT));
    fixture.approved(draft("New DVDs", Topic.MATERIALS, Intent.PROMOTION));
    fixture.submitted("Not approved yet");

    MixFigures mix = service.mix(fixture.clock.instant());

    assertThat(mix.promotion()).isEqualTo(1);
    assertThat(mix.engagement()).isEqualTo(1);
    assertThat(mix.promotionPercent()).isEqualTo(50.0);
    assertThat(mix.perTopic())
        .containsEntry(Topic.READERS_ADVISORY, 1)
        .containsEntry(Topic.MATERIALS, 1)
        .containsEntry(Topic.EVENTS, 0)
        .containsEntry(Topic.CURRENT_EVENTS, 0)
        .containsEntry(Topic.SERVICES, 0);
  }

  @Test
  void aSubmittedPostWhoseTimePassesIsHeldAndNeedsANewDecision() {
    PostDraft atTen =
        new PostDraft(
            "Storytime at ten",
            null,
            List.of(),
            List.of("fb-main"),
            Topic.EVENTS,
            Intent.ENGAGEMENT,
            LocalDateTime.parse("2026-11-20T10:00"));
    Post post = service.create(ANA, atTen);
    service.act(ANA, post.id(), Action.SUBMIT, 1, null, false);

    assertThat(service.markMissed(Instant.parse("2026-11-20T15:59:59Z"))).isEmpty();
    fixture.clock.advance(Duration.ofHours(2));
    List<Post> held = service.markMissed(fixture.clock.instant());

    assertThat(held).extracting(Post::id).containsExactly(post.id());
    Post stored = service.get(MO, post.id());
    assertThat(stored.state()).isEqualTo(PostState.HELD);
    assertThat(stored.history().getLast())
        .isEqualTo(
            new HistoryEntry(
                "hold",
                "system",
                Instant.parse("2026-11-20T17:00:00Z"),
                PostState.SUBMITTED,
                PostState.HELD,
                2,
                "its publish time Fri 20 Nov 2026, 10:00 passed before it was published; it needs"
                    + " a new decision",
                null));
    assertThat(refusalOf(() -> service.act(MO, post.id(), Action.APPROVE, 3, null, false)))
        .isEqualTo(
            new Refusal.Invalid(
                "publishAt",
                "the publish time Fri 20 Nov 2026, 10:00 has passed; choose a later time or as soon"
                    + " as approved"));

    Post approved =
        service.act(
            MO,
            post.id(),
            ActionRequest.approveAt(3, LocalDateTime.parse("2026-11-21T10:00"), false));

    assertThat(approved.state()).isEqualTo(PostState.APPROVED);
    assertThat(approved.publishAt()).isEqualTo(Instant.parse("2026-11-21T16:00:00Z"));
    assertThat(approved.history().getLast().diff())
        .isEqualTo("publishAt: 2026-11-20T10:00 → 2026-11-21T10:00");
  }

  @Test
  void anApprovedPostNotPublishedWithinTheGraceIsHeld() {
    PostDraft atTen =
        new PostDraft(
            "Storytime at ten",
            null,
            List.of(),
            List.of("fb-main"),
            Topic.EVENTS,
            Intent.ENGAGEMENT,
            LocalDateTime.parse("2026-11-20T10:00"));
    Post approved = fixture.approved(atTen);

    assertThat(service.markMissed(Instant.parse("2026-11-20T16:10:00Z"))).isEmpty();
    assertThat(service.markMissed(Instant.parse("2026-11-20T16:15:00Z")))
        .extracting(Post::id)
        .containsExactly(approved.id());
    assertThat(service.markMissed(Instant.parse("2026-11-20T17:00:00Z"))).isEmpty();
  }

  @Test
  void submittingWithAPublishTimeInThePastIsRefused() {
    PostDraft yesterday = storytimeAt("2026-11-19T10:00");
    Post post = service.create(ANA, yesterday);

    assertThat(refusalOf(() -> service.act(ANA, post.id(), Action.SUBMIT, 1, null, false)))
        .isInstanceOfSatisfying(
            Refusal.Invalid.class, r -> assertThat(r.field()).isEqualTo("publishAt"));
  }

  @Test
  void aPublishTimeYearsAheadIsATypingSlipAndRefusedNamingTheField() {
    PostDraft farOff = storytimeAt("+99999-03-14T09:30");

    assertThat(refusalOf(() -> service.create(ANA, farOff)))
        .isInstanceOfSatisfying(
            Refusal.Invalid.class,
            r -> {
              assertThat(r.field()).isEqualTo("publishAt");
              assertThat(r.reason()).contains("more than two years ahead");
            });
    // A year ahead, the annual book sale's first notice, is fine.
    service.create(ANA, storytimeAt("2027-11-20T10:00"));
  }

  @Test
  void aPublishTimeFromAnotherEraIsRefusedNamingTheFieldNotStored() {
    for (String slip : List.of("0001-06-01T10:00", "-999999999-01-01T00:00")) {
      assertThat(refusalOf(() -> service.create(ANA, storytimeAt(slip))))
          .as(slip)
          .isInstanceOfSatisfying(
              Refusal.Invalid.class,
              r -> {
                assertThat(r.field()).isEqualTo("publishAt");
                assertThat(r.reason()).contains("more than two years ago");
              });
    }
  }

  @Test
  void aDraftKeptForYearsIsStillSavedWithTheTimeItKept() {
    Post draft = service.create(ANA, storytimeAt("2027-01-10T10:00"));
    fixture.clock.advance(Duration.ofDays(3 * 366));

    Post edited = service.edit(ANA, draft.id(), draft.version(), storytimeAt("2027-01-10T10:00"));

    assertThat(edited.publishAt()).isEqualTo(draft.publishAt());
    // Moved, it is a typing slip again.
    assertThat(
            refusalOf(
                () ->
                    service.edit(
                        ANA, draft.id(), edited.version(), storytimeAt("2027-01-11T10:00"))))
        .isInstanceOfSatisfying(
            Refusal.Invalid.class, r -> assertThat(r.field()).isEqualTo("publishAt"));
  }

  private static PostDraft storytimeAt(String publishAt) {
    return new PostDraft(
        "Storytime",
        null,
        List.of(),
        List.of("fb-main"),
        Topic.EVENTS,
        Intent.ENGAGEMENT,
        LocalDateTime.parse(publishAt));
  }

  @Test
  void theQueueShowsHeldPostsFirstThenOldestFirstWithTheirAge() {
    Post first = fixture.submitted("First");
    fixture.clock.advance(Duration.ofMinutes(10));
    Post second = fixture.submitted("Second");
    fixture.clock.advance(Duration.ofMinutes(10));
    Post late =
        service.create(
            ANA,
            new PostDraft(
                "Late",
                null,
                List.of(),
                List.of("fb-main"),
                Topic.SERVICES,
                Intent.PROMOTION,
                LocalDateTime.parse("2026-11-20T09:30")));
    service.act(ANA, late.id(), Action.SUBMIT, 1, null, false);
    fixture.approved(draft("Approved already", "fb-main"));
    service.create(ANA, draft("A draft", "fb-main"));
    fixture.clock.advance(Duration.ofMinutes(30));
    service.markMissed(fixture.clock.instant());

    List<QueueItem> queue = service.queue(QueueFilter.ALL);

    assertThat(queue).extracting(i -> i.post().text()).containsExactly("Late", "First", "Second");
    assertThat(queue)
        .extracting(QueueItem::age)
        .containsExactly(Duration.ofMinutes(30), Duration.ofMinutes(50), Duration.ofMinutes(40));
    assertThat(service.pendingCount()).isEqualTo(3);
    assertThat(service.queue(new QueueFilter(null, null, Topic.SERVICES, null)))
        .extracting(i -> i.post().id())
        .containsExactly(late.id());
    assertThat(service.queue(new QueueFilter(null, null, null, Intent.ENGAGEMENT)))
        .extracting(i -> i.post().id())
        .containsExactly(first.id(), second.id());
  }

  @Test
  void theQueueFiltersByAccountAndAuthor() {
    Post anas = service.create(ANA, draft("To X", "x-main"));
    service.act(ANA, anas.id(), Action.SUBMIT, 1, null, false);
    Post bens = service.create(BEN, draft("To Mastodon", "mastodon-main", "fb-main"));
    service.act(BEN, bens.id(), Action.SUBMIT, 1, null, false);

    assertThat(service.queue(new QueueFilter("fb-main", null, null, null)))
        .extracting(i -> i.post().id())
        .containsExactly(bens.id());
    assertThat(service.queue(new QueueFilter(null, "ana", null, null)))
        .extracting(i -> i.post().id())
        .containsExactly(anas.id());
  }

  @Test
  void onlyAnAdminPausesAndResumesPublishing() {
    assertThat(service.pauseState()).isEqualTo(new PauseState(false, null, null));
    assertThat(refusalOf(() -> service.pause(MO)))
        .isEqualTo(new Refusal.Forbidden("pausing or resuming publishing needs the admin role"));

    assertThat(service.pause(IT)).isEqualTo(new PauseState(true, "it", START));
    fixture.clock.advance(Duration.ofHours(1));
    assertThat(service.resume(IT))
        .isEqualTo(new PauseState(false, "it", START.plus(Duration.ofHours(1))));
  }

  @Test
  void historyOnlyGrowsAndEarlierRowsNeverChange() {
    Post post = service.create(ANA, draft("Story time Fridya!", "fb-main"));
    List<HistoryEntry> afterCreate = service.get(ANA, post.id()).history();
    service.act(ANA, post.id(), Action.SUBMIT, 1, null, false);
    List<HistoryEntry> afterSubmit = service.get(ANA, post.id()).history();
    service.act(MO, post.id(), Action.REQUEST_CHANGES, 2, "Typo", false);
    service.edit(ANA, post.id(), 3, draft("Story time Friday!", "fb-main"));
    refusalOf(() -> service.act(MO, post.id(), Action.APPROVE, 4, null, false));
    List<HistoryEntry> last = service.get(ANA, post.id()).history();

    assertThat(last).hasSize(4).startsWith(afterSubmit.toArray(HistoryEntry[]::new));
    assertThat(afterSubmit).startsWith(afterCreate.toArray(HistoryEntry[]::new));
  }

  @Test
  void nothingIsLostWhenTheIntranetRestarts() {
    Post post = fixture.submitted("Story time Friday!");

    PostService restarted = fixture.newService();

    assertThat(restarted.get(MO, post.id())).isEqualTo(service.get(MO, post.id()));
    assertThat(restarted.get(MO, post.id()).history()).hasSize(2);
  }

  @Test
  void theComposePreviewCountsAndHints() {
    Preview preview = service.preview(draft("#summerreading starts now", "fb-main", "x-main"));

    assertThat(preview.platforms())
        .extracting(PlatformCheck::message)
        .containsExactly("Facebook: 25 of 63,206 characters", "X: 25 of 280 weighted characters");
    assertThat(preview.warnings()).extracting(LintWarning::field).containsExactly("text");
  }

  @Test
  void usersWithoutAPluginRoleSeeNothing() {
    Post post = fixture.submitted("Story time Friday!");
    Actor visitor = Actor.of("visitor");

    assertThat(refusalOf(() -> service.get(visitor, post.id())).status()).isEqualTo(403);
    assertThat(refusalOf(() -> service.create(visitor, draft("Hi", "fb-main"))).status())
        .isEqualTo(403);
  }
}
