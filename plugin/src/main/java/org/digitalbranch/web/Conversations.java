package org.digitalbranch.web;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.digitalbranch.archive.Ingestion;
import org.digitalbranch.archive.Replies;
import org.digitalbranch.archive.ReplyReviews;
import org.digitalbranch.config.AccountConfig;
import org.digitalbranch.config.DigitalBranchConfig;
import org.digitalbranch.publish.ServerLimits;
import org.digitalbranch.queue.Transactor;
import org.digitalbranch.store.WebhookDeliveries;

/**
 * The conversation side of the plugin, built in one go by {@link DigitalBranchPlugin}: the
 * ingestion polling every account's reader into the archive, replies and moderation through each
 * account's responder, and the Facebook webhook.
 */
final class Conversations implements AutoCloseable {

  /** The demo polls its sandbox often, so the inbox fills and the trickle shows within seconds. */
  static final Duration DEMO_POLL = Duration.ofSeconds(10);

  private final Ingestion ingestion;
  private final ConversationActions actions;
  private final ReplyReviewActions reviews;
  private final FacebookWebhookRoute webhook;

  private Conversations(
      Ingestion ingestion,
      ConversationActions actions,
      ReplyReviewActions reviews,
      FacebookWebhookRoute webhook) {
    this.ingestion = ingestion;
    this.actions = actions;
    this.reviews = reviews;
    this.webhook = webhook;
  }

  /**
   * @param accounts the accounts as they run (in the demo, pointed at the sandbox)
   * @param channels each connected account's reader, responder and credentials
   */
  static Conversations build(
      DigitalBranchConfig config,
      ServerLimits limits,
      List<AccountConfig> accounts,
      List<ConversationChannels> channels,
      ArchiveRuntime archive,
      Transactor transactor,
      WebhookDeliveries deliveries,
      Clock clock) {
    List<Ingestion.Source> sources = new ArrayList<>();
    List<Replies.Account> responders = new ArrayList<>();
    for (ConversationChannels channel : channels) {
      String id = channel.account().id();
      sources.add(new Ingestion.Source(id, channel.reader(), channel.credentials()));
      responders.add(
          new Replies.Account(
              id, channel.account().handle(), channel.responder(), channel.credentials()));
    }
    Ingestion ingestion = new Ingestion(archive.store(), archive.sync(), sources, clock);
    Replies replies =
        new Replies(
            transactor,
            archive.store(),
            responders,
            Replies.Policy.defaults(),
            clock,
            duration -> Thread.sleep(duration.toMillis()));
    ReplyReviews held = new ReplyReviews(transactor, replies, archive.store(), clock);
    ArchiveReads reads = new ArchiveReads(archive, new ArchiveAccess(config));
    ConversationActions actions =
        new ConversationActions(replies, held, archive, reads, config, limits);
    ReplyReviewActions reviews =
        new ReplyReviewActions(held, reads, archive, new ArchiveViews(config.timeZone()), config);
    return new Conversations(
        ingestion,
        actions,
        reviews,
        FacebookWebhookRoute.over(accounts, archive.store(), archive.sync(), deliveries));
  }

  Router api(Router api) {
    return webhook.routes(reviews.api(actions.api(api)));
  }

  Router pages(Router pages) {
    return reviews.pages(actions.pages(pages));
  }

  /** Replies held for review, as the conversation page and the inbox show them. */
  ReplyReviewActions reviews() {
    return reviews;
  }

  /** What the conversation page tells of each account's platform. */
  ConversationPlatforms platforms() {
    return actions;
  }

  /** Starts polling every account now and then every {@code interval}. */
  void start(Duration interval) {
    ingestion.start(interval);
  }

  Ingestion ingestion() {
    return ingestion;
  }

  /** How the account's conversations are being read; empty for an account this does not read. */
  Optional<Ingestion.AccountStatus> reading(String account) {
    return ingestion.find(account);
  }

  @Override
  public void close() {
    ingestion.close();
  }
}
