package org.digitalbranch.platform;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One social platform, spoken exactly as its API documents. An implementation is safe to share
 * between threads and between accounts: every call names the account through its credentials.
 *
 * <p>No method throws for a platform's or the network's misbehaviour; failures come back as typed
 * outcomes so that the publisher can decide between waiting, retrying, reconciling and telling a
 * person. Methods throw {@link IllegalArgumentException} only for programming errors, such as
 * Mastodon credentials handed to the Bluesky connector.
 */
public interface Platform {

  /** The platform id used in settings: {@code mastodon}, {@code bluesky}, {@code x}, ... */
  String id();

  /** Publishes one post to one account. */
  PublishOutcome publish(PublishRequest request);

  /**
   * Looks among the account's recent posts (created at or after {@code since}) for one whose text
   * has the same content fingerprint as the request's. The publisher calls this after an {@link
   * PublishOutcome.Unknown} outcome, or at start for a target a crash left in "publishing", so that
   * a post that did go out is recorded instead of sent twice.
   */
  LookupResult findRecent(PublishRequest request, Instant since);

  /** Checks the credentials for the accounts page's "test connection" button. */
  Verification verify(Credentials credentials);

  /**
   * The account's server's own limit on a post's characters, where the platform's servers differ
   * (Mastodon); empty for a platform with one limit everywhere, or when the server does not say.
   */
  default OptionalInt characterLimit(Credentials credentials) {
    return OptionalInt.empty();
  }

  /**
   * Why this connector cannot call the platform at all, known without calling it (its settings lack
   * a credential); empty for a connector that can try. The accounts page shows it from the start
   * rather than after the first post fails.
   */
  default Optional<String> unusable() {
    return Optional.empty();
  }
}
