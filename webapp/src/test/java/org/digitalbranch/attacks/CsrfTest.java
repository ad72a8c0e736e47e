package org.digitalbranch.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.digitalbranch.attacks.AuthorisationMatrixFixtures.API;
import static org.digitalbranch.attacks.AuthorisationMatrixFixtures.json;
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
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every unsafe route of the running intranet (from the same inventory as the authorisation matrix)
 * sent by someone who may use it, once without a CSRF token and once with another session's valid
 * token: each is refused 403, and the state a forged request would change is the same before and
 * after (posts and their versions, the author's drafts, the queue, the pause switch, the index
 * rebuild, the accounts, the conversation acted on, whether the victim is signed in).
 */
class CsrfTest {

  private static final String MOUNT = "/digital-branch/";

  @TempDir static Path data;
  private static AuthorisationMatrixHost host;
  private static final Map<String, SessionClient> victims = new LinkedHashMap<>();
  private static SessionClient admin;
  private static AuthorisationMatrixFixtures fixtures;

  /** Another person's session, whose token is valid, but not for the victim's session. */
  private static SessionClient attacker;

  @BeforeAll
  static void start() throws Exception {
    host = AuthorisationMatrixHost.start(data);
    for (String user : List.of("staff", "moderator", "admin")) {
      victims.put(user, host.signedIn(user));
    }
    admin = host.signedIn("admin");
    attacker = host.signedIn("staff2");
    fixtures =
        new AuthorisationMatrixFixtures(
            victims.get("staff"), victims.get("moderator"), host.signedIn("staff2"));
    fixtures.awaitConversations();
  }

  @AfterAll
  static void stop() throws Exception {
    host.close();
  }

  /**
   * What a forged request acts on: a post, a conversation (and one of its messages, or a reply held
   * for review in it), or nothing in particular.
   */
  private record Target(JsonNode post, String conversation, String message, String held) {
    Target(JsonNode post, String conversation, String message) {
      this(post, conversation, message, null);
    }

    static Target none() {
      return new Target(null, null, null);
    }

    String postId() {
      return post.get("id").asText();
    }

    String version() {
      return post.get("version").asText();
    }
  }

  @FunctionalInterface
  interface TargetMaker {
    Target make() throws Exception;
  }

  /** The forged request as {@code victim}'s browser would send it, carrying {@code token}. */
  @FunctionalInterface
  interface Forgery {
    HttpResponse<String> send(SessionClient victim, String token, Target target) throws Exception;
  }

  /**
   * @param victim whose session carries the request: "anonymous" for a fresh visitor, a user name
   *     for a fresh session of someone allowed to make the request
   */
  private record Row(String route, String victim, TargetMaker target, Forgery forgery) {}

  private static List<Row> table() {
    AuthorisationMatrixFixtures f = fixtures;
    TargetMaker nothing = Target::none;
    TargetMaker draft = () -> new Target(f.draft(), null, null);
    TargetMaker submitted = () -> new Target(f.submitted(), null, null);
    TargetMaker approved = () -> new Target(f.approved(), null, null);
    TargetMaker conversation = () -> new Target(null, f.freshConversation(), null);
    TargetMaker comment =
        () -> {
          String message = f.freshCustomerComment();
          return new Target(null, f.conversationOf(message), message);
        };
    TargetMaker held =
        () -> {
          String review = f.heldReply();
          JsonNode shown = json(admin.get(API + "reply-reviews/" + review), 200);
          return new Target(null, shown.get("conversation").asText(), null, review);
        };
    List<Row> rows = new ArrayList<>();
    for (String action : List.of("approve", "send-back", "withdraw")) {
      // The author withdraws; a moderator decides.
      String victim = action.equals("withdraw") ? "staff2" : "moderator";
      rows.add(
          new Row(
              "POST " + API + "reply-reviews/{id}/" + action,
              victim,
              held,
              (as, token, t) ->
                  as.json(
                      "POST",
                      API + "reply-reviews/" + t.held() + "/" + action,
                      action.equals("send-back") ? "{'note': 'Forged note'}" : "{}",
                      token)));
      rows.add(
          new Row(
              "POST " + MOUNT + "reply-reviews/{id}/" + action,
              victim,
              held,
              (as, token, t) ->
                  as.form(
                      MOUNT + "reply-reviews/" + t.held() + "/" + action,
                      Map.of("note", "Forged note"),
                      token)));
    }
    rows.add(
        new Row(
            "POST /login",
            "anonymous",
            nothing,
            (as, token, t) ->
                as.form("/login", Map.of("username", "staff", "password", "staff"), token)));
    rows.add(
        new Row(
            "POST /logout",
            "staff",
            nothing,
            (as, token, t) -> as.form("/logout", Map.of(), token)));

    rows.add(
        new Row(
            "POST " + API + "posts/{id}/retry",
            "moderator",
            approved,
            (as, token, t) ->
                as.json(
                    "POST",
                    API + "posts/" + t.postId() + "/retry",
                    "{'version': " + t.version() + ", 'account': 'mastodon-main'}",
                    token)));
    for (String action : List.of("test", "reconnected")) {
      rows.add(
          new Row(
              "POST " + API + "accounts/{id}/" + action,
              "admin",
              nothing,
              (as, token, t) ->
                  as.json("POST", API + "accounts/mastodon-main/" + action, "{}", token)));
      rows.add(
          new Row(
              "POST " + MOUNT + "accounts/{id}/" + action,
              "admin",
              nothing,
              (as, token, t) ->
                  as.form(MOUNT + "accounts/mastodon-main/" + action, Map.of(), token)));
    }
    rows.add(
        new Row(
            "POST " + API + "posts",
            "staff",
            nothing,
            (as, token, t) ->
                as.json("POST", API + "posts", AuthorisationMatrixFixtures.draftBody(""), token)));
    rows.add(
        new Row(
            "POST " + API + "posts/preview",
            "staff",
            nothing,
            (as, token, t) ->
                as.json(
                    "POST",
                    API + "posts/preview",
                    AuthorisationMatrixFixtures.draftBody(""),
                    token)));
    rows.add(
        new Row(
            "PUT " + API + "posts/{id}",
            "staff",
            draft,
            (as, token, t) ->
                as.json(
                    "PUT",
                    API + "posts/" + t.postId(),
                    "{'version': "
                        + t.version()
                        + ", 'text': 'Forged!', 'accounts': ['mastodon-main'], 'topic': 'events',"
                        + " 'intent': 'promotion'}",
                    token)));
    rows.add(
        new Row(
            "POST " + API + "posts/{id}/{action}",
            "staff",
            draft,
            (as, token, t) ->
                as.json(
                    "POST",
                    API + "posts/" + t.postId() + "/submit",
                    "{'version': " + t.version() + "}",
                    token)));
    rows.add(
        new Row(
            "POST " + API + "posts/{id}/{action}",
            "moderator",
            submitted,
            (as, token, t) ->
                as.json(
                    "POST",
                    API + "posts/" + t.postId() + "/approve",
                    "{'version': " + t.version() + "}",
                    token)));
    rows.add(
        new Row(
            "POST " + API + "publishing/pause",
            "admin",
            nothing,
            (as, token, t) ->
                as.json("POST", API + "publishing/pause", "{'paused': true}", token)));
    rows.add(
        new Row(
            "POST " + API + "demo/customer-messages",
            "admin",
            nothing,
            (as, token, t) ->
                as.json(
                    "POST",
                    API + "demo/customer-messages",
                    "{'platform': 'mastodon', 'text': 'A forged question'}",
                    token)));
    rows.add(
        new Row(
            "POST " + API + "archive/rebuild",
            "admin",
            nothing,
            (as, token, t) -> as.json("POST", API + "archive/rebuild", "{}", token)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/close",
            "staff",
            conversation,
            (as, token, t) ->
                as.json(
                    "POST", API + "conversations/" + t.conversation() + "/close", "{}", token)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/reopen",
            "staff",
            conversation,
            (as, token, t) ->
                as.json(
                    "POST", API + "conversations/" + t.conversation() + "/reopen", "{}", token)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/replies",
            "staff",
            conversation,
            (as, token, t) ->
                as.json(
                    "POST",
                    API + "conversations/" + t.conversation() + "/replies",
                    "{'text': 'Forged answer'}",
                    token)));
    rows.add(
        new Row(
            "POST " + API + "conversations/{id}/reply-length",
            "staff",
            conversation,
            (as, token, t) ->
                as.json(
                    "POST",
                    API + "conversations/" + t.conversation() + "/reply-length",
                    "{'text': 'Counted'}",
                    token)));
    rows.add(
        new Row(
            "POST " + API + "messages/{id}/moderate",
            "moderator",
            comment,
            (as, token, t) ->
                as.json(
                    "POST",
                    API + "messages/" + t.message() + "/moderate",
                    "{'action': 'delete', 'reason': 'spam'}",
                    token)));
    rows.add(
        new Row(
            "POST " + API + "messages/{id}/answer-needed",
            "staff",
            comment,
            (as, token, t) ->
                as.json(
                    "POST",
                    API + "messages/" + t.message() + "/answer-needed",
                    "{'needed': false}",
                    token)));
    rows.add(
        new Row(
            "POST " + API + "webhooks/facebook",
            "anonymous",
            nothing,
            (as, token, t) ->
                as.json(
                    "POST", API + "webhooks/facebook", "{'object': 'page', 'entry': []}", token)));
    rows.add(
        new Row(
            "POST " + API + "images",
            "staff",
            nothing,
            (as, token, t) -> as.upload(API + "images", token)));

    rows.add(
        new Row(
            "POST " + MOUNT + "posts/{id}/retry",
            "moderator",
            approved,
            (as, token, t) ->
                as.form(
                    MOUNT + "posts/" + t.postId() + "/retry",
                    Map.of("version", t.version(), "account", "mastodon-main"),
                    token)));
    rows.add(
        new Row(
            "POST " + MOUNT + "compose",
            "staff",
            nothing,
            (as, token, t) -> as.form(MOUNT + "compose", composeForm(null), token)));
    rows.add(
        new Row(
            "POST " + MOUNT + "publishing",
            "admin",
            nothing,
            (as, token, t) -> as.form(MOUNT + "publishing", Map.of("do", "pause"), token)));
    rows.add(
        new Row(
            "POST " + MOUNT + "posts/{id}/edit",
            "staff",
            draft,
            (as, token, t) ->
                as.form(MOUNT + "posts/" + t.postId() + "/edit", composeForm(t.version()), token)));
    rows.add(
        new Row(
            "POST " + MOUNT + "posts/{id}/{action}",
            "staff",
            draft,
            (as, token, t) ->
                as.form(
                    MOUNT + "posts/" + t.postId() + "/submit",
                    Map.of("version", t.version()),
                    token)));
    rows.add(
        new Row(
            "POST " + MOUNT + "posts/{id}/{action}",
            "moderator",
            submitted,
            (as, token, t) ->
                as.form(
                    MOUNT + "posts/" + t.postId() + "/reject",
                    Map.of("version", t.version(), "note", "Forged rejection"),
                    token)));
    rows.add(
        new Row(
            "POST " + MOUNT + "archive/rebuild",
            "admin",
            nothing,
            (as, token, t) -> as.form(MOUNT + "archive/rebuild", Map.of(), token)));
    rows.add(
        new Row(
            "POST " + MOUNT + "conversations/{id}/close",
            "staff",
            conversation,
            (as, token, t) ->
                as.form(MOUNT + "conversations/" + t.conversation() + "/close", Map.of(), token)));
    rows.add(
        new Row(
            "POST " + MOUNT + "conversations/{id}/reopen",
            "staff",
            conversation,
            (as, token, t) ->
                as.form(MOUNT + "conversations/" + t.conversation() + "/reopen", Map.of(), token)));
    rows.add(
        new Row(
            "POST " + MOUNT + "conversations/{id}/replies",
            "staff",
            conversation,
            (as, token, t) ->
                as.form(
                    MOUNT + "conversations/" + t.conversation() + "/replies",
                    Map.of("text", "Forged answer"),
                    token)));
    rows.add(
        new Row(
            "POST " + MOUNT + "messages/{id}/moderate",
            "moderator",
            comment,
            (as, token, t) ->
                as.form(
                    MOUNT + "messages/" + t.message() + "/moderate",
                    Map.of("action", "delete", "confirm", "delete", "reason", "spam"),
                    token)));
    rows.add(
        new Row(
            "POST " + MOUNT + "messages/{id}/answer-needed",
            "staff",
            comment,
            (as, token, t) ->
                as.form(
                    MOUNT + "messages/" + t.message() + "/answer-needed",
                    Map.of("needed", "false"),
                    token)));
    return rows;
  }

  private static Map<String, String> composeForm(String version) {
    Map<String, String> form = new LinkedHashMap<>();
    if (version != null) {
      form.put("version", version);
    }
    form.put("text", "Forged post");
    form.put("account", "mastodon-main");
    form.put("topic", "events");
    form.put("intent", "promotion");
    form.put("when", "at");
    form.put("publishAt", weekAhead());
    form.put("do", "submit");
    return form;
  }

  private static boolean isUnsafe(String route) {
    String method = route.substring(0, route.indexOf(' '));
    return method.equals("POST") || method.equals("PUT") || method.equals("DELETE");
  }

  @Test
  void everyUnsafeRouteOfTheRunningIntranetHasAForgery() throws Exception {
    Set<String> unsafe = new LinkedHashSet<>();
    for (String route : host.routes()) {
      if (isUnsafe(route)) {
        unsafe.add(route);
      }
    }
    Set<String> covered = new LinkedHashSet<>();
    table().forEach(row -> covered.add(row.route()));

    Set<String> missing = new LinkedHashSet<>(unsafe);
    missing.removeAll(covered);
    assertThat(missing).as("unsafe routes no forgery is tried on").isEmpty();
    assertThat(unsafe).as("forgeries of routes the intranet no longer has").containsAll(covered);
  }

  @TestFactory
  Stream<DynamicTest> aForgedRequestIsRefusedAndChangesNothing() {
    return table().stream()
        .flatMap(
            row ->
                Stream.of("no token", "another session's token")
                    .map(
                        kind ->
                            DynamicTest.dynamicTest(
                                row.route() + " as " + row.victim() + " with " + kind,
                                () -> {
                                  SessionClient victim =
                                      row.victim().equals("anonymous")
                                          ? host.anonymous()
                                          : host.signedIn(row.victim());
                                  Target target = row.target().make();
                                  Map<String, Object> before = snapshot(victim, target);
                                  String token = kind.equals("no token") ? null : attacker.csrf();

                                  HttpResponse<String> forged =
                                      row.forgery().send(victim, token, target);

                                  assertThat(forged.statusCode())
                                      .as("%s with %s: %s", row.route(), kind, forged.body())
                                      .isEqualTo(403);
                                  assertThat(snapshot(victim, target))
                                      .as("what %s would change", row.route())
                                      .isEqualTo(before);
                                })));
  }

  /** The state a forged request could change, as the admin and the victim see it. */
  private static Map<String, Object> snapshot(SessionClient victim, Target target)
      throws Exception {
    Map<String, Object> state = new TreeMap<>();
    state.put("victim signed in", victim.get("/").statusCode() == 200);
    state.put("posts", posts(admin.get(API + "posts")));
    if (!victim.name().equals("anonymous")) {
      state.put("the victim's posts", posts(victim.get(API + "posts?mine=true")));
    }
    state.put("paused", json(admin.get(API + "publishing/pause"), 200).get("paused").asBoolean());
    JsonNode rebuild = json(admin.get(API + "archive/rebuild"), 200);
    state.put("rebuild", rebuild.get("state").asText() + " " + rebuild.get("startedAt"));
    Map<String, String> accounts = new TreeMap<>();
    for (JsonNode account : json(admin.get(API + "accounts"), 200).get("accounts")) {
      accounts.put(account.get("id").asText(), account.get("state").asText());
    }
    state.put("accounts", accounts);
    if (target.post() != null) {
      JsonNode post = json(victims.get("staff").get(API + "posts/" + target.postId()), 200);
      state.put("target", post.get("state").asText() + " v" + post.get("version").asText());
    }
    if (target.conversation() != null) {
      state.put("target", conversationState(target.conversation()));
    }
    if (target.held() != null) {
      state.put(
          "held reply",
          json(admin.get(API + "reply-reviews/" + target.held()), 200).get("state").asText());
    }
    return state;
  }

  private static Map<String, String> posts(HttpResponse<String> list) throws Exception {
    Map<String, String> posts = new TreeMap<>();
    for (JsonNode post : json(list, 200).get("posts")) {
      posts.put(
          post.get("id").asText(),
          post.get("state").asText() + " v" + post.get("version").asText());
    }
    return posts;
  }

  /** A thread's status and, for each message, whether it is ours, deleted, and its moderation. */
  private static String conversationState(String id) throws Exception {
    JsonNode thread = json(admin.get(API + "conversations/" + id), 200);
    StringBuilder state = new StringBuilder(thread.get("status").asText());
    for (JsonNode message : thread.get("messages")) {
      state
          .append("; ")
          .append(message.get("id").asText())
          .append(message.get("ours").asBoolean() ? " ours" : "")
          .append(message.get("deleted").asBoolean() ? " deleted" : "")
          .append(" ")
          .append(message.path("moderation"));
    }
    return state.toString();
  }
}
