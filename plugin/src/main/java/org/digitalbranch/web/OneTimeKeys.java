package org.digitalbranch.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What each one-time key's request came to, per user, so that a request sent twice (a double click
 * on the compose form, a script's retry after a lost answer) creates one post, not two. Edits are
 * kept from doubling by the post's version; a creation has no version to name, so it names a key.
 *
 * <p>The first request with a key holds it until it {@linkplain Ticket#close closes}; a repeat
 * arriving meanwhile waits for that. A request that was refused (a form with mistakes) created
 * nothing and frees its key, so the corrected form can use it again. Kept in memory: a restart
 * forgets the keys, and a form older than the restart is no longer protected, which a double click
 * never is. Each user keeps only their latest keys ({@link #PER_USER}): a double click or a retry
 * comes within seconds, not after a hundred more posts.
 *
 * @param <T> what a repeat is told: where the first request's post is
 */
final class OneTimeKeys<T> {

  static final int PER_USER = 100;

  /**
   * How long a repeat waits for the first request: a creation takes well under a second, and a
   * repeat must not hold a server thread for good if the first one hangs.
   */
  static final Duration WAIT = Duration.ofSeconds(30);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final int perUser;
  private final Duration wait;

  /** Guarded by {@code this}: by user, their keys from the oldest. */
  private final Map<String, Map<String, Attempt<T>>> byUser = new HashMap<>();

  OneTimeKeys() {
    this(PER_USER, WAIT);
  }

  OneTimeKeys(int perUser, Duration wait) {
    this.perUser = perUser;
    this.wait = wait;
  }

  /** A fresh key for a form: 128 random bits, URL-safe. */
  static String newKey() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** One request under a key; its outcome, once settled, or null when it was refused. */
  private static final class Attempt<T> {
    final String fingerprint;
    final CompletableFuture<T> outcome = new CompletableFuture<>();

    Attempt(String fingerprint) {
      this.fingerprint = fingerprint;
    }
  }

  /**
   * A request's hold on its key: either the first (it does the work, says what it {@linkplain
   * #created created} and closes) or a repeat ({@link #earlier()} is what the first came to).
   */
  static final class Ticket<T> implements AutoCloseable {
    private final OneTimeKeys<T> keys;
    private final String user;
    private final String key;
    private final Attempt<T> attempt;
    private final T earlier;
    private T created;
    private boolean closed;

    private Ticket(OneTimeKeys<T> keys, String user, String key, Attempt<T> attempt, T earlier) {
      this.keys = keys;
      this.user = user;
      this.key = key;
      this.attempt = attempt;
      this.earlier = earlier;
    }

    /** A request without a key: nothing to hold, nothing to settle. */
    static <T> Ticket<T> none() {
      return new Ticket<>(null, null, null, null, null);
    }

    /** What the first request with the key came to; null for the first (or with no key). */
    T earlier() {
      return earlier;
    }

    /**
     * Says what this request created, as soon as it exists and again when there is more to say
     * (where the browser went after submitting): repeats are told the last one.
     */
    void created(T outcome) {
      created = outcome;
    }

    /**
     * Ends the hold: repeats are told what was {@linkplain #created created}; when nothing was (the
     * request was refused, or failed before creating), the key is free again.
     */
    @Override
    public void close() {
      if (attempt != null && !closed) {
        closed = true;
        keys.settle(user, key, attempt, created);
      }
    }
  }

  /**
   * Takes the key for {@code user}, or waits for the request that holds it.
   *
   * @param fingerprint what the request asked for, where a script could reuse a key by mistake for
   *     another post; null where the key is ours (a form's), never compared
   * @throws HttpProblem.BadRequest when the key was used for a different request ({@code field})
   * @throws HttpProblem.Conflict when the first request is still running after {@link #WAIT}
   */
  Ticket<T> claim(String user, String key, String fingerprint, String field) {
    while (true) {
      Attempt<T> held;
      synchronized (this) {
        Map<String, Attempt<T>> keys = byUser.computeIfAbsent(user, name -> newUserKeys());
        held = keys.get(key);
        if (held == null) {
          Attempt<T> mine = new Attempt<>(fingerprint);
          keys.put(key, mine);
          return new Ticket<>(this, user, key, mine, null);
        }
      }
      if (!Objects.equals(held.fingerprint, fingerprint)) {
        throw new HttpProblem.BadRequest(
            field,
            field
                + ": this key was used for a different request; send a new key with each new"
                + " post.");
      }
      T outcome = await(held, field);
      if (outcome != null) {
        return new Ticket<>(this, user, key, null, outcome);
      }
      // The first was refused and freed the key: this request may take it.
    }
  }

  private T await(Attempt<T> held, String field) {
    try {
      return held.outcome.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillRunning) {
      throw new HttpProblem.Conflict(
          "An earlier request with the same "
              + field
              + " is still being handled; wait a moment and look for the post before sending"
              + " again.",
          Map.of("field", field));
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
      throw new HttpProblem.Unavailable("The intranet is stopping; try again in a moment.");
    } catch (ExecutionException cannotHappen) {
      throw new IllegalStateException(cannotHappen);
    }
  }

  private void settle(String user, String key, Attempt<T> attempt, T outcome) {
    if (outcome == null) {
      synchronized (this) {
        Map<String, Attempt<T>> keys = byUser.get(user);
        if (keys != null) {
          keys.remove(key, attempt);
        }
      }
    }
    // Outside the lock: waiting repeats wake up and, for a freed key, claim it again.
    attempt.outcome.complete(outcome);
  }

  private Map<String, Attempt<T>> newUserKeys() {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Attempt<T>> eldest) {
        return size() > perUser;
      }
    };
  }
}
