package org.digitalbranch.attacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * What the matrix acts on, made through the API as {@code staff} (the author) would: drafts,
 * submitted posts, images, and the sandbox's conversations once the demo's ingestion brought them
 * in. Every mutating cell takes a fresh object, so no cell depends on another.
 */
final class AuthorisationMatrixFixtures {

  static final String API = "/digital-branch/api/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SessionClient author;
  private final SessionClient moderator;
  private final SessionClient reviewed;
  private final Deque<String> openConversations = new ArrayDeque<>();
  private final Deque<String> customerComments = new ArrayDeque<>();
  private final Map<String, String> threadOfComment = new HashMap<>();
  private String directMessage;
  private String anyConversation;

  /**
   * @param reviewed {@code staff2}, whose replies the demo holds for a moderator's review
   */
  AuthorisationMatrixFixtures(
      SessionClient author, SessionClient moderator, SessionClient reviewed) {
    this.author = author;
    this.moderator = moderator;
    this.reviewed = reviewed;
  }

  /**
   * A week ahead in the demo's time zone: the live publisher never races a cell that approves. (The
   * demo's zone is the plugin's default, America/Chicago.)
   */
  static String weekAhead() {
    return LocalDateTime.now(ZoneId.of("America/Chicago"))
        .plusDays(7)
        .truncatedTo(ChronoUnit.MINUTES)
        .toString();
  }

  static String draftBody(String imageJson) {
    return "{'text': 'What are you reading this weekend?', 'accounts': ['mastodon-main'],"
        + " 'topic': 'readers-advisory', 'intent': 'engagement', 'publishAt': '"
        + weekAhead()
        + "', 'images': ["
        + imageJson
        + "]}";
  }

  static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    if (response.statusCode() != status) {
      throw new AssertionError(
          response.uri()
              + ": expected "
              + status
              + " but got "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return JSON.readTree(response.body());
  }

  JsonNode draft() throws Exception {
    return json(author.json("POST", API + "posts", draftBody("")), 201);
  }

  JsonNode submitted() throws Exception {
    return act(draft(), "submit");
  }

  /** Approved by the moderator, to publish a week from now: its targets wait, none failed. */
  JsonNode approved() throws Exception {
    JsonNode post = submitted();
    return json(
        moderator.json(
            "POST",
            API + "posts/" + post.get("id").asText() + "/approve",
            "{'version': " + post.get("version").asInt() + "}"),
        200);
  }

  JsonNode act(JsonNode post, String action) throws Exception {
    return json(
        author.json(
            "POST",
            API + "posts/" + post.get("id").asText() + "/" + action,
            "{'version': " + post.get("version").asInt() + "}"),
        200);
  }

  String stagedUpload() throws Exception {
    return json(author.upload(API + "images", author.csrf()), 201).get("id").asText();
  }

  JsonNode draftWithImage() throws Exception {
    String image =
        "{'id': '" + stagedUpload() + "', 'alt': 'A stack of new picture books on a cart'}";
    return json(author.json("POST", API + "posts", draftBody(image)), 201);
  }

  static String imageOf(JsonNode post) {
    return post.get("images").get(0).get("id").asText();
  }

  /**
   * Waits (up to a generous bound, polling) until the demo's ingestion has brought in the sandbox's
   * conversations, then keeps the ids the cells use: open comment threads to close or answer (not
   * the Page's private conversations, which Messenger answers only within a day), customer comments
   * on Facebook to hide, and one direct message on Mastodon.
   */
  void awaitConversations() throws Exception {
    // The first poll pages through every sandbox thread; on a busy machine that takes a while.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
    while (true) {
      JsonNode comments =
          json(
                  author.get(
                      API
                          + "conversations?limit=120&status=unanswered&account=facebook-main"
                          + "&kind=comment"),
                  200)
              .get("conversations");
      JsonNode direct =
          json(
                  author.get(
                      API + "conversations?limit=1&kind=direct_message&account=mastodon-main"),
                  200)
              .get("conversations");
      openConversations.clear();
      comments.forEach(conversation -> openConversations.add(conversation.get("id").asText()));
      directMessage = direct.isEmpty() ? null : direct.get(0).get("id").asText();
      if (directMessage != null && openConversations.size() >= 60) {
        break;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "the demo's inbox did not fill within 180 s: "
                + openConversations.size()
                + " Facebook threads, direct message "
                + directMessage);
      }
      Thread.sleep(250);
    }
    anyConversation = openConversations.removeFirst();
    for (String id : openConversations.stream().limit(8).toList()) {
      for (JsonNode message : json(author.get(API + "conversations/" + id), 200).get("messages")) {
        if (!message.get("ours").asBoolean() && !message.get("deleted").asBoolean()) {
          customerComments.add(message.get("id").asText());
          threadOfComment.put(message.get("id").asText(), id);
        }
      }
      openConversations.remove(id);
    }
  }

  /** A conversation every staff member may read; shared by cells that only read. */
  String conversation() {
    return anyConversation;
  }

  /** An open conversation no other cell has touched. */
  String freshConversation() {
    if (openConversations.isEmpty()) {
      throw new AssertionError("the matrix ran out of open demo conversations");
    }
    return openConversations.removeFirst();
  }

  /** A customer's comment no other cell has moderated. */
  String freshCustomerComment() {
    if (customerComments.isEmpty()) {
      throw new AssertionError("the matrix ran out of customer comments to moderate");
    }
    return customerComments.removeFirst();
  }

  /** The thread a customer comment from {@link #freshCustomerComment} belongs to. */
  String conversationOf(String comment) {
    return threadOfComment.get(comment);
  }

  /**
   * A reply {@code staff2} wrote in a conversation of its own, held for review; its id. (Approving
   * one answers its conversation, and a second held reply there would then be refused.)
   */
  String heldReply() throws Exception {
    return heldReplyIn(freshConversation());
  }

  /** A reply {@code staff2} wrote, held for review, in the conversation cells share; its id. */
  String heldReplyToSendBack() throws Exception {
    return heldReplyIn(anyConversation);
  }

  /** A reply {@code staff2} wrote to the direct message, held for review; its id. */
  String heldDirectReply() throws Exception {
    return heldReplyIn(directMessage);
  }

  private String heldReplyIn(String conversation) throws Exception {
    HttpResponse<String> held =
        reviewed.json(
            "POST",
            API + "conversations/" + conversation + "/replies",
            "{'text': 'Thanks for asking! The desk opens at 9.'}");
    return json(held, 202).get("id").asText();
  }

  /** A direct message to the demo's Mastodon account, whose team is the demo's five users. */
  String directMessage() {
    return directMessage;
  }

  /** Waits until no index rebuild runs, so the next one may start. */
  static void awaitNoRebuild(SessionClient admin) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (json(admin.get(API + "archive/rebuild"), 200).get("running").asBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the archive rebuild did not finish within 60 s");
      }
      Thread.sleep(100);
    }
  }
}
