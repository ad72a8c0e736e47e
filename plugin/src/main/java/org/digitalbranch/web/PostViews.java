package org.digitalbranch.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.publish.TargetOutcome;
import org.digitalbranch.queue.HistoryEntry;
import org.digitalbranch.queue.MixFigures;
import org.digitalbranch.queue.PauseState;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostImage;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.queue.QueueItem;
import org.digitalbranch.queue.Topic;

/**
 * The JSON shapes of the queue (DESIGN.md §7, {@code docs/api.md}): a post, its history and
 * targets, a queue listing, the mix and the pause switch. Instants are UTC ISO-8601; {@code
 * publishAt} is the local time in the library's zone, as the client sent it.
 */
final class PostViews {

  private final DigitalBranchConfig config;
  private final Function<Instant, Object> localTime;
  private final String imagesUrl;
  private final Function<String, List<TargetOutcome>> outcomes;

  /**
   * @param localTime a stored instant as the library's local time
   * @param imagesUrl where {@code GET api/images/{id}} lives, ending in a slash
   */
  PostViews(DigitalBranchConfig config, Function<Instant, Object> localTime, String imagesUrl) {
    this(config, localTime, imagesUrl, id -> List.of());
  }

  /**
   * @param outcomes the publisher's record of a post's targets, by post id
   */
  PostViews(
      DigitalBranchConfig config,
      Function<Instant, Object> localTime,
      String imagesUrl,
      Function<String, List<TargetOutcome>> outcomes) {
    this.config = config;
    this.localTime = localTime;
    this.imagesUrl = imagesUrl;
    this.outcomes = outcomes;
  }

  /** The whole post: content, history and targets. */
  Map<String, Object> post(Post post) {
    return post(post, outcomes.apply(post.id()));
  }

  /**
   * The whole post as it is now, its targets read before the post: a target only moves on and a
   * post's version only grows, so the version shown is never older than the targets beside it. Read
   * the other way round, a GET that paused between its two reads while the publisher took the post
   * up showed the targets settled and a version from before: a moderator's retry with that version
   * was refused as "changed since you opened it".
   */
  Map<String, Object> current(String id, Function<String, Post> read) {
    List<TargetOutcome> recorded = outcomes.apply(id);
    return post(read.apply(id), recorded);
  }

  private Map<String, Object> post(Post post, List<TargetOutcome> recorded) {
    Map<String, Object> view = summary(post);
    List<Map<String, Object>> history = new ArrayList<>();
    for (HistoryEntry entry : post.history()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("action", entry.action());
      row.put("actor", entry.actor());
      row.put("at", entry.at());
      row.put("from", entry.from() == null ? null : entry.from().id());
      row.put("to", entry.to().id());
      row.put("version", entry.version());
      row.put("note", entry.note());
      row.put("diff", entry.diff());
      history.add(row);
    }
    view.put("history", history);
    view.put("targets", targets(post, recorded));
    return view;
  }

  /** A post without its history, as listings show it. */
  Map<String, Object> summary(Post post) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", post.id());
    view.put("version", post.version());
    view.put("state", post.state().id());
    view.put("author", post.author());
    view.put("text", post.text());
    view.put("link", post.link());
    List<Map<String, Object>> images = new ArrayList<>();
    for (PostImage image : post.images()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", image.id());
      row.put("alt", image.alt());
      row.put("contentType", image.contentType());
      row.put("size", image.size());
      row.put("url", imagesUrl + image.id());
      images.add(row);
    }
    view.put("images", images);
    view.put("accounts", post.accounts());
    view.put("topic", post.topic().id());
    view.put("intent", post.intent().id());
    view.put("publishAt", post.publishAt() == null ? null : localTime.apply(post.publishAt()));
    view.put("timeZone", config.timeZone().getId());
    view.put("createdAt", post.createdAt());
    view.put("updatedAt", post.updatedAt());
    view.put("submittedAt", post.submittedAt());
    view.put("approvedAt", post.approvedAt());
    return view;
  }

  Map<String, Object> queued(QueueItem item) {
    Map<String, Object> view = summary(item.post());
    view.put("waitingSeconds", Math.max(0, item.age().toSeconds()));
    return view;
  }

  /**
   * One row per target account. Until the publisher records outcomes, an approved post's accounts
   * are {@code pending} and any other post's are {@code not-approved}.
   */
  private List<Map<String, Object>> targets(Post post, List<TargetOutcome> recorded) {
    if (!recorded.isEmpty()) {
      return PublishingApi.targets(config, recorded);
    }
    List<Map<String, Object>> targets = new ArrayList<>();
    for (String id : post.accounts()) {
      AccountConfig account = config.account(id).orElse(null);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("account", id);
      row.put("platform", account == null ? null : account.platform().id());
      row.put("handle", account == null ? null : account.handle());
      row.put("state", post.state() == PostState.APPROVED ? "pending" : "not-approved");
      row.put("url", null);
      row.put("attempts", 0);
      row.put("error", null);
      row.put("nextAttemptAt", null);
      row.put("publishedAt", null);
      row.put("retryable", false);
      targets.add(row);
    }
    return targets;
  }

  static Map<String, Object> mix(MixFigures figures) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("from", figures.from());
    view.put("to", figures.to());
    view.put("days", figures.days());
    view.put("promotion", figures.promotion());
    view.put("engagement", figures.engagement());
    view.put("total", figures.total());
    view.put("sharePercent", figures.promotionPercent());
    view.put("limitPercent", figures.limitPercent());
    Map<String, Integer> perTopic = new LinkedHashMap<>();
    for (Topic topic : Topic.values()) {
      perTopic.put(topic.id(), figures.perTopic().getOrDefault(topic, 0));
    }
    view.put("perTopic", perTopic);
    return view;
  }

  static Map<String, Object> pause(PauseState pause) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("paused", pause.paused());
    view.put("changedBy", pause.changedBy());
    view.put("changedAt", pause.changedAt());
    return view;
  }
}
