package org.digitalbranch.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.digitalbranch.archive.IncomingItem;
import org.digitalbranch.archive.MessageKind;

/**
 * A small hand-written archive for the web tests, fed through the running plugin's store and sync
 * as the ingestion will feed it. Two accounts: {@code fb-main} (team: jlee) and {@code masto-main}
 * (team: jlee, mgarcia). {@code kim} is on no team.
 */
final class ArchiveData {

  static final String SETTINGS =
      "{'timeZone': 'America/Chicago', 'accounts': ["
          + "{'id': 'fb-main', 'platform': 'facebook', 'handle': 'Demo Public Library',"
          + " 'team': ['jlee']},"
          + "{'id': 'masto-main', 'platform': 'mastodon', 'handle': '@library@example.social',"
          + " 'baseUrl': 'https://example.social', 'team': ['jlee', 'mgarcia']}]}";

  /** On fb-main's team and masto-main's. */
  static final String JLEE = "jlee;J. Lee;digital-branch.staff";

  /** Staff on no team: sees no direct message. */
  static final String KIM = "kim;K. Kim;digital-branch.staff";

  /** A moderator on masto-main's team only. */
  static final String MGARCIA = "mgarcia;M. Garcia;digital-branch.staff,digital-branch.moderator";

  /**
   * M. Garcia given the admin role too, who then answers records requests: exports are for admins
   * (DESIGN.md §1), and her team keeps what she may read the same.
   */
  static final String MGARCIA_RECORDS =
      "mgarcia;M. Garcia;digital-branch.staff,digital-branch.moderator,digital-branch.admin";

  /** An admin on no team. */
  static final String ROOT = "root;R. Admin;digital-branch.admin";

  static final String OUTSIDER = "clerk;Circulation Clerk;intranet.circulation";

  static final Instant START = Instant.parse("2026-11-20T15:00:00Z");

  static final String XSS_NAME = "<script>alert(1)</script>";
  static final String XSS_HANDLE = "\"><img src=x onerror=alert(1)>";
  static final String XSS_TEXT =
      "Is the wifi down again? <script>alert(1)</script> \"><img src=x onerror=alert(1)>";
  static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"refund\")";

  private ArchiveData() {}

  static Instant minute(int minutes) {
    return START.plus(Duration.ofMinutes(minutes));
  }

  /** Feeds the corpus and makes it searchable. */
  static void feed(DigitalBranchPlugin plugin) {
    ArchiveRuntime archive = plugin.archive();
    archive.store().ingest(corpus());
    // An edit and a deletion arrive on later fetches, as new versions.
    archive
        .store()
        .ingest(
            List.of(
                customer(
                        "fb-main",
                        "facebook",
                        "fb-7",
                        null,
                        MessageKind.COMMENT,
                        "sam",
                        "Sam",
                        "When does the library open tomorrow?",
                        minute(60))
                    .edited(minute(65)),
                deleted("fb-8", minute(70))));
    archive.sync().pull();
  }

  static List<IncomingItem> corpus() {
    return List.of(
        // Answered: opening hours, on Facebook.
        customer(
                "fb-main",
                "facebook",
                "fb-1",
                null,
                MessageKind.COMMENT,
                "pat.reader",
                "Pat Reader",
                "What are your opening hours on Sunday?",
                minute(0))
            .item(),
        staff(
            "fb-main",
            "facebook",
            "fb-2",
            "fb-1",
            "jlee",
            "We open at noon on Sundays.",
            minute(5)),
        // Unanswered: an ebook question on Mastodon.
        customer(
                "masto-main",
                "mastodon",
                "m-1",
                null,
                MessageKind.MENTION,
                "reader2@example.social",
                "Reader Two",
                "How do I borrow an ebook on my phone?",
                minute(10))
            .item(),
        // Answered before: an ebook question, with the answer.
        customer(
                "masto-main",
                "mastodon",
                "m-2",
                null,
                MessageKind.MENTION,
                "reader3@example.social",
                "Reader Three",
                "Can I borrow an ebook from the library app on my phone?",
                minute(-600))
            .item(),
        staff(
            "masto-main",
            "mastodon",
            "m-3",
            "m-2",
            "mgarcia",
            "Yes: install Libby and sign in with your library card.",
            minute(-590)),
        // Unanswered: hostile text in the name, handle and message.
        customer(
                "fb-main",
                "facebook",
                "fb-3",
                null,
                MessageKind.COMMENT,
                XSS_HANDLE,
                XSS_NAME,
                XSS_TEXT,
                minute(20))
            .item(),
        // A direct message on fb-main, answered, about ebooks and a zebra.
        customer(
                "fb-main",
                "facebook",
                "dm-1",
                null,
                MessageKind.DIRECT_MESSAGE,
                "secret.patron",
                "Secret Patron",
                "Private: can I borrow an ebook about a zebra on my phone?",
                minute(-300))
            .item(),
        staff(
            "fb-main",
            "facebook",
            "dm-2",
            "dm-1",
            "jlee",
            "Yes, the zebra ebook is on Libby.",
            minute(-290)),
        // Unanswered: a spreadsheet formula as a comment.
        customer(
                "masto-main",
                "mastodon",
                "m-4",
                null,
                MessageKind.COMMENT,
                "prankster@example.social",
                "Prankster",
                FORMULA,
                minute(40))
            .item(),
        // Edited later (see feed) and with a reply deleted later.
        customer(
                "fb-main",
                "facebook",
                "fb-7",
                null,
                MessageKind.COMMENT,
                "sam",
                "Sam",
                "When does the libary open?",
                minute(50))
            .item(),
        customer(
                "fb-main",
                "facebook",
                "fb-8",
                "fb-7",
                MessageKind.REPLY,
                "troll",
                "Troll",
                "This library is a waste of money",
                minute(55))
            .item());
  }

  static Item customer(
      String account,
      String platform,
      String id,
      String parent,
      MessageKind kind,
      String handle,
      String name,
      String text,
      Instant at) {
    return new Item(account, platform, id, parent, kind, handle, name, text, at, null);
  }

  static IncomingItem staff(
      String account,
      String platform,
      String id,
      String parent,
      String staffUser,
      String text,
      Instant at) {
    return new IncomingItem(
        account,
        platform,
        id,
        parent,
        parent,
        MessageKind.REPLY,
        "library",
        "The Library",
        text,
        at,
        null,
        false,
        true,
        staffUser,
        null,
        "{\"id\":\"" + id + "\"}");
  }

  static IncomingItem deleted(String id, Instant seen) {
    return new IncomingItem(
        "fb-main",
        "facebook",
        id,
        "fb-7",
        "fb-7",
        MessageKind.REPLY,
        "troll",
        "Troll",
        null,
        minute(55),
        seen,
        true,
        false,
        null,
        null,
        "{\"id\":\"" + id + "\"}");
  }

  record Item(
      String account,
      String platform,
      String id,
      String parent,
      MessageKind kind,
      String handle,
      String name,
      String text,
      Instant at,
      Instant editedAt) {

    IncomingItem item() {
      return new IncomingItem(
          account,
          platform,
          id,
          parent,
          parent,
          kind,
          handle,
          name,
          text,
          at,
          editedAt,
          false,
          false,
          null,
          null,
          "{\"id\":\"" + id + "\"}");
    }

    IncomingItem edited(Instant when) {
      return new Item(account, platform, id, parent, kind, handle, name, text, at, when).item();
    }
  }
}
