package org.digitalbranch.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.attacks.AuthorisationMatrixFixtures.API;
import static org.digitalbranch.attacks.AuthorisationMatrixFixtures.imageOf;
import static org.digitalbranch.attacks.AuthorisationMatrixFixtures.weekAhead;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every page and API endpoint of the running intranet, host and plugin, against everyone who may
 * knock: a stranger, the author ({@code staff}), another staff member ({@code staff2}), a
 * moderator, an admin, staff on no account's team ({@code volunteer}) and an intranet user with no
 * Digital Branch role ({@code clerk}). The expected answers are DESIGN.md §1 written as one table;
 * the list of routes comes from the running code, and a route without a row fails the build.
 *
 * <p>Private objects answer 404, as if they did not exist: another author's draft and its images, a
 * direct message to an account whose team the reader is not on. Unsafe requests carry the session's
 * valid CSRF token, so the role is what is tested (CsrfTest refuses the rest).
 */
class AuthorisationMatrixTest {

  private static final String MOUNT = "/digital-branch/";
  private static final List<String> COLUMNS =
      List.of(
          "anonymous",
          "staff",
          "staff2",
          "moderator",
          "admin",
          AuthorisationMatrixHost.VOLUNTEER,
          AuthorisationMatrixHost.CLERK);

  @TempDir static Path data;
  private static AuthorisationMatrixHost host;
  private static final Map<String, SessionClient> sessions = new LinkedHashMap<>();
  private static AuthorisationMatrixFixtures fixtures;

  @BeforeAll
  static void start() throws Exception {
    host = AuthorisationMatrixHost.start(data);
    sessions.put("anonymous", host.anonymous());
    for (String user : COLUMNS.subList(1, COLUMNS.size())) {
      sessions.put(user, host.signedIn(user));
    }
    fixtures =
        new AuthorisationMatrixFixtures(
            sessions.get("staff"), sessions.get("moderator"), sessions.get("staff2"));
    fixtures.awaitConversations();
  }

  @AfterAll
  static void stop() throws Exception {
    host.close();
  }

  /** One request as the column's person, against what the row's fixture prepared. */
  @FunctionalInterface
  interface Call {
    HttpResponse<String> send(SessionClient as) throws Exception;
  }

  /** A fixture made once for a row whose cells only read it. */
  @FunctionalInterface
  interface Fixture<T> {
    T make() throws Exception;
  }

  private record Row(String route, String label, Call call, int[] expected) {}

  // The columns: anonymous, staff (author), staff2, moderator, admin, volunteer, clerk.

  /** The API: a stranger gets 401, an intranet user without a plugin role 403. */
  private static int[] api(int staff, int staff2, int moderator, int admin, int volunteer) {
    return new int[] {401, staff, staff2, moderator, admin, volunteer, 403};
  }

  /** Pages: a stranger is sent to sign in (302), an intranet user without a plugin role 403. */
  private static int[] page(int staff, int staff2, int moderator, int admin, int volunteer) {
    return new int[] {302, staff, staff2, moderator, admin, volunteer, 403};
  }

  private static int[] everyone(int status) {
    return new int[] {status, status, status, status, status, status, status};
  }

  private static <T> Fixture<T> once(Fixture<T> fixture) {
    List<T> made = new ArrayList<>();
    return () -> {
      if (made.isEmpty()) {
        made.add(fixture.make());
      }
      return made.get(0);
    };
  }

  private static String id(JsonNode post) {
    return post.get("id").asText();
  }

  private static String version(JsonNode post) {
    return post.get("version").asText();
  }

  private static String editBody(JsonNode post) {
    return "{'version': "
        + version(post)
        + ", 'text': 'What are you reading this week?', 'accounts': ['mastodon-main'], 'topic':"
        + " 'readers-advisory', 'intent': 'engagement', 'publishAt': '"
        + weekAhead()
        + "'}";
  }

  private static Map<String, String> composeForm() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("text", "Which book made you laugh this year?");
    form.put("account", "mastodon-main");
    form.put("topic", "readers-advisory");
    form.put("intent", "engagement");
    form.put("when", "at");
    form.put("publishAt", weekAhead());
    form.put("do", "save");
    return form;
  }

  private static Map<String, String> editForm(JsonNode post) {
    Map<String, String> form = composeForm();
    form.put("version", version(post));
    return form;
  }

  private static Map<String, String> actionForm(JsonNode post) {
    return Map.of("version", version(post), "note", "Please add the branch hours.");
  }

  private static List<Row> table() {
    AuthorisationMatrixFixtures f = fixtures;
    Fixture<JsonNode> sharedDraft = once(f::draft);
    Fixture<JsonNode> sharedSubmitted = once(f::submitted);
    Fixture<JsonNode> draftWithImage = once(f::draftWithImage);
    Fixture<JsonNode> submittedWithImage = once(() -> f.act(f.draftWithImage(), "submit"));
    Fixture<String> staged = once(f::stagedUpload);
    String version = "{'version': VERSION}";
    String withNote = "{'version': VERSION, 'note': 'Please add the branch hours.'}";
    List<Row> rows = new ArrayList<>();

    // ---- the host's own pages
    rows.add(new Row("GET /", "home", as -> as.get("/"), page(200, 200, 200, 200, 200)));
    rows.get(rows.size() - 1).expected()[6] = 200;
    rows.add(
        new Row(
            "GET /login",
            "the sign-in form (the signed-in go home)",
            as -> as.get("/login"),
            new int[] {200, 302, 302, 302, 302, 302, 302}));
    rows.add(
        new Row(
            "POST /login",
            "signing in (a stranger with a wrong password)",
            as ->
                as.name().equals("anonymous")
                    ? SessionClient.anonymous(host.base()).signIn("staff", "not-the-password")
                    : SessionClient.anonymous(host.base()).signIn(as.name(), as.name()),
            new int[] {200, 303, 303, 303, 303, 303, 303}));
    rows.add(
        new Row(
            "POST /logout",
            "signing out (each in a session of its own)",
            as -> {
              SessionClient own =
                  as.name().equals("anonymous")
                      ? SessionClient.anonymous(host.base())
                      : SessionClient.signedIn(host.base(), as.name());
              return own.form("/logout", Map.of());
            },
            everyone(303)));
    rows.add(
        new Row("GET /search", "search page", as -> as.get("/search?q=hours"), allSignedIn(302)));
    rows.add(
        new Row(
            "GET /api/search",
            "search API",
            as -> as.get("/api/search?q=hours"),
            allSignedIn(401)));
    rows.add(
        new Row("ANY /_error", "the error page itself", as -> as.get("/_error"), everyone(404)));
    rows.add(
        new Row(
            "GET /{file}",
            "the host's stylesheet",
            as -> as.get("/static/intranet.css"),
            everyone(200)));

    // ---- the plugin's API
    rows.add(
        new Row("GET " + API + "me", "me", as -> as.get(API + "me"), api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "POST " + API + "posts/{id}/retry",
            "retry an approved post (nothing failed: 409 once allowed)",
            onPost(
                f::approved, "POST", "/retry", "{'version': VERSION, 'account': 'mastodon-main'}"),
            api(403, 403, 409, 409, 403)));
    rows.add(
        new Row(
            "GET " + API + "accounts",
            "accounts",
            as -> as.get(API + "accounts"),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "POST " + API + "accounts/{id}/test",
            "test an account's connection",
            as -> as.json("POST", API + "accounts/mastodon-main/test", "{}"),
            api(403, 403, 403, 200, 403)));
    rows.add(
        new Row(
            "POST " + API + "accounts/{id}/reconnected",
            "mark an account reconnected",
            as -> as.json("POST", API + "accounts/mastodon-main/reconnected", "{}"),
            api(403, 403, 403, 200, 403)));
    rows.add(
        new Row(
            "GET " + API + "posts",
            "the queue",
            as -> as.get(API + "posts"),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "POST " + API + "posts",
            "draft a post (the volunteer is on no account's team)",
            as -> as.json("POST", API + "posts", AuthorisationMatrixFixtures.draftBody("")),
            api(201, 201, 201, 201, 400)));
    rows.add(
        new Row(
            "POST " + API + "posts/preview",
            "preview a post",
            as -> as.json("POST", API + "posts/preview", AuthorisationMatrixFixtures.draftBody("")),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + API + "posts/{id}",
            "the author's draft",
            onPost(sharedDraft, "GET", "", ""),
            api(200, 404, 404, 404, 404)));
    rows.add(
        new Row(
            "GET " + API + "posts/{id}",
            "a submitted post",
            onPost(sharedSubmitted, "GET", "", ""),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "PUT " + API + "posts/{id}",
            "edit the author's draft",
            onPost(f::draft, "PUT", "", "EDIT"),
            api(200, 404, 404, 404, 404)));
    rows.add(
        new Row(
            "PUT " + API + "posts/{id}",
            "edit a submitted post",
            onPost(f::submitted, "PUT", "", "EDIT"),
            api(200, 403, 200, 200, 403)));
    rows.add(
        new Row(
            "PUT " + API + "posts/{id}",
            "edit an approved post (a moderator's keeps it approved; the author's sends it back)",
            onPost(f::approved, "PUT", "", "EDIT"),
            api(200, 403, 200, 200, 403)));
    rows.add(
        new Row(
            "POST " + API + "posts/{id}/{action}",
            "submit the author's draft",
            onPost(f::draft, "POST", "/submit", version),
            api(200, 404, 404, 404, 404)));
    for (String decision : List.of("approve", "reject", "request-changes")) {
      rows.add(
          new Row(
              "POST " + API + "posts/{id}/{action}",
              decision + " a submitted post (nobody decides on their own)",
              onPost(f::submitted, "POST", "/" + decision, withNote),
              api(403, 403, 200, 200, 403)));
    }
    rows.add(
        new Row(
            "POST " + API + "posts/{id}/{action}",
            "withdraw a submitted post (the author only)",
            onPost(f::submitted, "POST", "/withdraw", version),
            api(200, 403, 403, 403, 403)));
    rows.add(
        new Row(
            "GET " + API + "dashboard/mix",
            "the mix dashboard",
            as -> as.get(API + "dashboard/mix"),
            api(403, 403, 200, 200, 403)));
    rows.add(
        new Row(
            "GET " + API + "publishing/pause",
            "the pause switch",
            as -> as.get(API + "publishing/pause"),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "POST " + API + "publishing/pause",
            "set the pause switch",
            as -> as.json("POST", API + "publishing/pause", "{'paused': false}"),
            api(403, 403, 403, 200, 403)));
    rows.add(
        new Row(
            "POST " + API + "demo/customer-messages",
            "make a customer's message arrive on the demo's sandbox",
            as ->
                as.json(
                    "POST",
                    API + "demo/customer-messages",
                    "{'platform': 'mastodon', 'text': 'Is the library open on Monday?'}"),
            api(403, 403, 403, 201, 403)));
    rows.add(
        new Row(
            "GET " + API + "archive/search",
            "search the archive",
            as -> as.get(API + "archive/search?q=library"),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + API + "archive/suggest",
            "suggestions",
            as -> as.get(API + "archive/suggest?q=lib"),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + API + "archive/export",
            "export a search (records requests)",
            as -> as.get(API + "archive/export?q=zebra+zeppelin&format=json"),
            api(403, 403, 403, 200, 403)));
    rows.add(
        new Row(
            "GET " + API + "archive/rebuild",
            "the index rebuild's progress",
            as -> as.get(API + "archive/rebuild"),
            api(403, 403, 403, 200, 403)));
    rows.add(
        new Row(
            "POST " + API + "archive/rebuild",
            "rebuild the index",
            as -> {
              AuthorisationMatrixFixtures.awaitNoRebuild(sessions.get("admin"));
              return as.json("POST", API + "archive/rebuild", "{}");
            },
            api(403, 403, 403, 202, 403)));
    rows.add(
        new Row(
            "GET " + API + "conversations",
            "the inbox",
            as -> as.get(API + "conversations"),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + API + "conversations/{id}",
            "a comment thread",
            as -> as.get(API + "conversations/" + f.conversation()),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + API + "conversations/{id}",
            "a direct message (its account's team only)",
            as -> as.get(API + "conversations/" + f.directMessage()),
            api(200, 200, 200, 200, 404)));
    rows.add(
        new Row(
            "GET " + API + "conversations/{id}/similar",
            "similar to a comment thread",
            as -> as.get(API + "conversations/" + f.conversation() + "/similar"),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + API + "conversations/{id}/similar",
            "similar to a direct message",
            as -> as.get(API + "conversations/" + f.directMessage() + "/similar"),
            api(200, 200, 200, 200, 404)));
    rows.add(
        new Row(
            "GET " + API + "conversations/{id}/export",
            "export a comment thread",
            as -> as.get(API + "conversations/" + f.conversation() + "/export?format=json"),
            api(403, 403, 403, 200, 403)));
    rows.add(
        new Row(
            "GET " + API + "conversations/{id}/export",
            "export a direct message",
            as -> as.get(API + "conversations/" + f.directMessage() + "/export?format=json"),
            api(403, 403, 403, 200, 403)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/close",
            "close a comment thread",
            as -> as.json("POST", API + "conversations/" + f.freshConversation() + "/close", "{}"),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/close",
            "close a direct message (checked by a reader outside its team only)",
            as -> as.json("POST", API + "conversations/" + f.directMessage() + "/close", "{}"),
            onlyVolunteer(404)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/reopen",
            "reopen a comment thread (an open one: nothing changes)",
            as -> as.json("POST", API + "conversations/" + f.conversation() + "/reopen", "{}"),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/reopen",
            "reopen a direct message (checked by a reader outside its team only)",
            as -> as.json("POST", API + "conversations/" + f.directMessage() + "/reopen", "{}"),
            onlyVolunteer(404)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/replies",
            "answer a comment thread",
            as ->
                as.json(
                    "POST",
                    API + "conversations/" + f.freshConversation() + "/replies",
                    "{'text': 'Thanks for asking! We open at 9 tomorrow.'}"),
            // The demo holds staff2's replies for a moderator's review: taken, 202.
            api(201, 202, 201, 201, 201)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/replies",
            "answer a direct message (checked by a reader outside its team only)",
            as ->
                as.json(
                    "POST",
                    API + "conversations/" + f.directMessage() + "/replies",
                    "{'text': 'Thanks for asking!'}"),
            onlyVolunteer(404)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/reply-length",
            "count a reply to a comment thread",
            as ->
                as.json(
                    "POST",
                    API + "conversations/" + f.freshConversation() + "/reply-length",
                    "{'text': 'We open at 9.'}"),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/reply-length",
            "count a reply to a direct message (checked by a reader outside its team only)",
            as ->
                as.json(
                    "POST",
                    API + "conversations/" + f.directMessage() + "/reply-length",
                    "{'text': 'Thanks!'}"),
            onlyVolunteer(404)));
    rows.add(
        new Row(
            "POST " + API + "messages/{id}/moderate",
            "hide a customer's comment",
            as ->
                as.json(
                    "POST",
                    API + "messages/" + f.freshCustomerComment() + "/moderate",
                    "{'action': 'hide', 'reason': 'spam'}"),
            api(403, 403, 200, 200, 403)));
    rows.add(
        new Row(
            "POST " + API + "messages/{id}/answer-needed",
            "say a customer's comment needs no answer",
            as ->
                as.json(
                    "POST",
                    API + "messages/" + f.freshCustomerComment() + "/answer-needed",
                    "{'needed': false}"),
            api(200, 200, 200, 200, 200)));
    Fixture<String> held = once(f::heldReplyToSendBack);
    rows.add(
        new Row(
            "GET " + API + "reply-reviews",
            "the held replies one may decide on, and one's own",
            as -> as.get(API + "reply-reviews"),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + API + "reply-reviews/{id}",
            "a reply held for review in a comment thread",
            as -> as.get(API + "reply-reviews/" + held.make()),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + API + "reply-reviews/{id}",
            "a held reply to a direct message (checked by a reader outside its team only)",
            as -> as.get(API + "reply-reviews/" + f.heldDirectReply()),
            onlyVolunteer(404)));
    rows.add(
        new Row(
            "POST " + API + "reply-reviews/{id}/approve",
            "approve and send staff2's held reply",
            as -> as.json("POST", API + "reply-reviews/" + f.heldReply() + "/approve", "{}"),
            api(403, 403, 200, 200, 403)));
    rows.add(
        new Row(
            "POST " + API + "reply-reviews/{id}/send-back",
            "send staff2's held reply back with a note",
            as ->
                as.json(
                    "POST",
                    API + "reply-reviews/" + f.heldReplyToSendBack() + "/send-back",
                    "{'note': 'Say which desk.'}"),
            api(403, 403, 200, 200, 403)));
    rows.add(
        new Row(
            "POST " + API + "reply-reviews/{id}/withdraw",
            "withdraw staff2's held reply (its author only)",
            as ->
                as.json(
                    "POST", API + "reply-reviews/" + f.heldReplyToSendBack() + "/withdraw", "{}"),
            api(403, 200, 403, 403, 403)));
    rows.add(
        new Row(
            "GET " + API + "webhooks/facebook",
            "Meta's handshake (the demo sets no webhook up)",
            as ->
                as.get(
                    API
                        + "webhooks/facebook?hub.mode=subscribe&hub.verify_token=guess"
                        + "&hub.challenge=42"),
            everyone(403)));
    rows.add(
        new Row(
            "POST " + API + "webhooks/facebook",
            "a delivery without Meta's signature",
            as -> as.json("POST", API + "webhooks/facebook", "{'object': 'page', 'entry': []}"),
            everyone(403)));
    rows.add(
        new Row(
            "POST " + API + "images",
            "upload an image",
            as -> as.upload(API + "images", as.csrf()),
            api(201, 201, 201, 201, 201)));
    rows.add(
        new Row(
            "GET " + API + "images/{id}",
            "an image of the author's draft",
            as -> as.get(API + "images/" + imageOf(draftWithImage.make())),
            api(200, 404, 404, 404, 404)));
    rows.add(
        new Row(
            "GET " + API + "images/{id}",
            "an image of a submitted post",
            as -> as.get(API + "images/" + imageOf(submittedWithImage.make())),
            api(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + API + "images/{id}",
            "the author's upload not yet in a post",
            as -> as.get(API + "images/" + staged.make()),
            api(200, 404, 404, 404, 404)));

    // ---- the plugin's pages
    rows.add(
        new Row(
            "POST " + MOUNT + "posts/{id}/retry",
            "retry an approved post (not yet publishing to the account: 400 once allowed)",
            onPage(
                f::approved,
                "/retry",
                post -> Map.of("version", version(post), "account", "mastodon-main")),
            page(403, 403, 400, 400, 403)));
    rows.add(
        new Row(
            "GET " + MOUNT + "accounts",
            "the accounts page",
            as -> as.get(MOUNT + "accounts"),
            page(403, 403, 403, 200, 403)));
    rows.add(
        new Row(
            "GET " + MOUNT + "settings",
            "the settings page",
            as -> as.get(MOUNT + "settings"),
            page(403, 403, 403, 200, 403)));
    rows.add(
        new Row(
            "POST " + MOUNT + "accounts/{id}/test",
            "test an account's connection",
            as -> as.form(MOUNT + "accounts/mastodon-main/test", Map.of()),
            page(403, 403, 403, 303, 403)));
    rows.add(
        new Row(
            "POST " + MOUNT + "accounts/{id}/reconnected",
            "mark an account reconnected",
            as -> as.form(MOUNT + "accounts/mastodon-main/reconnected", Map.of()),
            page(403, 403, 403, 303, 403)));
    rows.add(
        new Row(
            "GET " + MOUNT, "the dashboard", as -> as.get(MOUNT), page(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + MOUNT + "compose",
            "the compose form",
            as -> as.get(MOUNT + "compose"),
            page(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "POST " + MOUNT + "compose",
            "save a draft from the form (the volunteer is on no team)",
            as -> as.form(MOUNT + "compose", composeForm()),
            page(303, 303, 303, 303, 400)));
    rows.add(
        new Row(
            "GET " + MOUNT + "queue",
            "the queue",
            as -> as.get(MOUNT + "queue"),
            page(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "POST " + MOUNT + "publishing",
            "resume publishing",
            as -> as.form(MOUNT + "publishing", Map.of("do", "resume")),
            page(403, 403, 403, 303, 403)));
    rows.add(
        new Row(
            "GET " + MOUNT + "posts/{id}",
            "the author's draft",
            as -> as.get(MOUNT + "posts/" + id(sharedDraft.make())),
            page(200, 404, 404, 404, 404)));
    rows.add(
        new Row(
            "GET " + MOUNT + "posts/{id}",
            "a submitted post",
            as -> as.get(MOUNT + "posts/" + id(sharedSubmitted.make())),
            page(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + MOUNT + "posts/{id}/edit",
            "the edit form of the author's draft",
            as -> as.get(MOUNT + "posts/" + id(sharedDraft.make()) + "/edit"),
            page(200, 404, 404, 404, 404)));
    rows.add(
        new Row(
            "GET " + MOUNT + "posts/{id}/edit",
            "the edit form of a submitted post",
            as -> as.get(MOUNT + "posts/" + id(sharedSubmitted.make()) + "/edit"),
            page(200, 403, 200, 200, 403)));
    rows.add(
        new Row(
            "POST " + MOUNT + "posts/{id}/edit",
            "edit the author's draft",
            onPage(f::draft, "/edit", AuthorisationMatrixTest::editForm),
            page(303, 404, 404, 404, 404)));
    rows.add(
        new Row(
            "POST " + MOUNT + "posts/{id}/edit",
            "edit a submitted post",
            onPage(f::submitted, "/edit", AuthorisationMatrixTest::editForm),
            page(303, 403, 303, 303, 403)));
    rows.add(
        new Row(
            "POST " + MOUNT + "posts/{id}/edit",
            "edit an approved post",
            onPage(f::approved, "/edit", AuthorisationMatrixTest::editForm),
            page(303, 403, 303, 303, 403)));
    rows.add(
        new Row(
            "POST " + MOUNT + "posts/{id}/{action}",
            "submit the author's draft",
            onPage(f::draft, "/submit", AuthorisationMatrixTest::actionForm),
            page(303, 404, 404, 404, 404)));
    for (String decision : List.of("approve", "reject", "request-changes")) {
      rows.add(
          new Row(
              "POST " + MOUNT + "posts/{id}/{action}",
              decision + " a submitted post",
              onPage(f::submitted, "/" + decision, AuthorisationMatrixTest::actionForm),
              page(403, 403, 303, 303, 403)));
    }
    rows.add(
        new Row(
            "POST " + MOUNT + "posts/{id}/{action}",
            "withdraw a submitted post",
            onPage(f::submitted, "/withdraw", AuthorisationMatrixTest::actionForm),
            page(303, 403, 403, 403, 403)));
    rows.add(
        new Row(
            "GET " + MOUNT + "inbox",
            "the inbox",
            as -> as.get(MOUNT + "inbox"),
            page(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + MOUNT + "archive",
            "the archive search",
            as -> as.get(MOUNT + "archive?q=library"),
            page(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + MOUNT + "archive/rebuild",
            "the rebuild page",
            as -> as.get(MOUNT + "archive/rebuild"),
            page(403, 403, 403, 200, 403)));
    rows.add(
        new Row(
            "POST " + MOUNT + "archive/rebuild",
            "start a rebuild",
            as -> {
              AuthorisationMatrixFixtures.awaitNoRebuild(sessions.get("admin"));
              return as.form(MOUNT + "archive/rebuild", Map.of());
            },
            page(403, 403, 403, 303, 403)));
    rows.add(
        new Row(
            "GET " + MOUNT + "conversations/{id}",
            "a comment thread",
            as -> as.get(MOUNT + "conversations/" + f.conversation()),
            page(200, 200, 200, 200, 200)));
    rows.add(
        new Row(
            "GET " + MOUNT + "conversations/{id}",
            "a direct message",
            as -> as.get(MOUNT + "conversations/" + f.directMessage()),
            page(200, 200, 200, 200, 404)));
    rows.add(
        new Row(
            "POST " + MOUNT + "conversations/{id}/close",
            "close a comment thread",
            as -> as.form(MOUNT + "conversations/" + f.freshConversation() + "/close", Map.of()),
            page(303, 303, 303, 303, 303)));
    rows.add(
        new Row(
            "POST " + MOUNT + "conversations/{id}/close",
            "close a direct message (checked by a reader outside its team only)",
            as -> as.form(MOUNT + "conversations/" + f.directMessage() + "/close", Map.of()),
            onlyVolunteerOnPage(404)));
    rows.add(
        new Row(
            "POST " + MOUNT + "conversations/{id}/reopen",
            "reopen a comment thread (an open one: nothing changes)",
            as -> as.form(MOUNT + "conversations/" + f.conversation() + "/reopen", Map.of()),
            page(303, 303, 303, 303, 303)));
    rows.add(
        new Row(
            "POST " + MOUNT + "conversations/{id}/reopen",
            "reopen a direct message (checked by a reader outside its team only)",
            as -> as.form(MOUNT + "conversations/" + f.directMessage() + "/reopen", Map.of()),
            onlyVolunteerOnPage(404)));
    rows.add(
        new Row(
            "POST " + MOUNT + "conversations/{id}/replies",
            "answer a comment thread",
            as ->
                as.form(
                    MOUNT + "conversations/" + f.freshConversation() + "/replies",
                    Map.of("text", "Thanks for asking! We open at 9 tomorrow.")),
            page(303, 303, 303, 303, 303)));
    rows.add(
        new Row(
            "POST " + MOUNT + "conversations/{id}/replies",
            "answer a direct message (checked by a reader outside its team only)",
            as ->
                as.form(
                    MOUNT + "conversations/" + f.directMessage() + "/replies",
                    Map.of("text", "Thanks for asking!")),
            onlyVolunteerOnPage(404)));
    rows.add(
        new Row(
            "POST " + MOUNT + "messages/{id}/moderate",
            "hide a customer's comment",
            as ->
                as.form(
                    MOUNT + "messages/" + f.freshCustomerComment() + "/moderate",
                    Map.of("action", "hide", "reason", "spam")),
            page(403, 403, 303, 303, 403)));
    rows.add(
        new Row(
            "POST " + MOUNT + "messages/{id}/answer-needed",
            "say a customer's comment needs no answer",
            as ->
                as.form(
                    MOUNT + "messages/" + f.freshCustomerComment() + "/answer-needed",
                    Map.of("needed", "false")),
            page(303, 303, 303, 303, 303)));
    rows.add(
        new Row(
            "POST " + MOUNT + "reply-reviews/{id}/approve",
            "approve and send staff2's held reply",
            as -> as.form(MOUNT + "reply-reviews/" + f.heldReply() + "/approve", Map.of()),
            page(403, 403, 303, 303, 403)));
    rows.add(
        new Row(
            "POST " + MOUNT + "reply-reviews/{id}/send-back",
            "send staff2's held reply back with a note",
            as ->
                as.form(
                    MOUNT + "reply-reviews/" + f.heldReplyToSendBack() + "/send-back",
                    Map.of("note", "Say which desk.")),
            page(403, 403, 303, 303, 403)));
    rows.add(
        new Row(
            "POST " + MOUNT + "reply-reviews/{id}/withdraw",
            "withdraw staff2's held reply (its author only)",
            as ->
                as.form(MOUNT + "reply-reviews/" + f.heldReplyToSendBack() + "/withdraw", Map.of()),
            page(403, 303, 403, 403, 403)));
    rows.add(
        new Row(
            "GET " + MOUNT + "public/images/{token}",
            "a signed image link with a forged token",
            as -> as.get(MOUNT + "public/images/forged-token"),
            everyone(404)));
    rows.add(
        new Row(
            "GET " + MOUNT + "static/{file}",
            "the plugin's script",
            as -> as.get(MOUNT + "static/archive.js"),
            everyone(200)));
    return rows;
  }

  private static int[] allSignedIn(int stranger) {
    return new int[] {stranger, 200, 200, 200, 200, 200, 200};
  }

  /**
   * For actions on a direct message that would change it: only the volunteer, who must not even see
   * it, is asked (the others' answers are the comment thread's rows above); the rest of the row
   * repeats the stranger's and the clerk's refusals.
   */
  private static int[] onlyVolunteer(int status) {
    return new int[] {401, -1, -1, -1, -1, status, 403};
  }

  private static int[] onlyVolunteerOnPage(int status) {
    return new int[] {302, -1, -1, -1, -1, status, 403};
  }

  private static Call onPost(Fixture<JsonNode> fixture, String method, String suffix, String body) {
    return as -> {
      JsonNode post = fixture.make();
      String path = API + "posts/" + id(post) + suffix;
      if (method.equals("GET")) {
        return as.get(path);
      }
      String filled = body.equals("EDIT") ? editBody(post) : body.replace("VERSION", version(post));
      return as.json(method, path, filled);
    };
  }

  @FunctionalInterface
  interface FormOf {
    Map<String, String> of(JsonNode post);
  }

  private static Call onPage(Fixture<JsonNode> fixture, String suffix, FormOf form) {
    return as -> {
      JsonNode post = fixture.make();
      return as.form(MOUNT + "posts/" + id(post) + suffix, form.of(post));
    };
  }

  @Test
  void everyRouteOfTheRunningIntranetHasARowAndEveryRowARoute() throws Exception {
    Set<String> running = new LinkedHashSet<>(host.routes());
    Set<String> tabled = new LinkedHashSet<>();
    table().forEach(row -> tabled.add(row.route()));

    Set<String> withoutRow = new LinkedHashSet<>(running);
    withoutRow.removeAll(tabled);
    Set<String> withoutRoute = new LinkedHashSet<>(tabled);
    withoutRoute.removeAll(running);

    assertThat(withoutRow).as("routes the matrix has no expectation for").isEmpty();
    assertThat(withoutRoute).as("rows for routes the intranet no longer has").isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyoneGetsWhatDesignSection1AllowsAndNothingMore() {
    return table().stream()
        .flatMap(
            row ->
                IntStream.range(0, COLUMNS.size())
                    .filter(column -> row.expected()[column] >= 0)
                    .mapToObj(
                        column ->
                            DynamicTest.dynamicTest(
                                row.route() + " (" + row.label() + ") as " + COLUMNS.get(column),
                                () -> {
                                  HttpResponse<String> response =
                                      row.call().send(sessions.get(COLUMNS.get(column)));
                                  assertThat(response.statusCode())
                                      .as(
                                          "%s (%s) as %s: %s",
                                          row.route(),
                                          row.label(),
                                          COLUMNS.get(column),
                                          abbreviated(response.body()))
                                      .isEqualTo(row.expected()[column]);
                                })));
  }

  private static String abbreviated(String body) {
    return body.length() > 400 ? body.substring(0, 400) + "..." : body;
  }
}
