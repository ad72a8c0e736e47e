package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OneTimeKeysTest {

  private final OneTimeKeys<String> keys = new OneTimeKeys<>(3, Duration.ofSeconds(5));

  private static void waitUntilBlocked(CompletableFuture<?> repeat) throws InterruptedException {
    // The repeat has nothing to return until the first closes: it is still running.
    Thread.sleep(200);
    assertThat(repeat).isNotDone();
  }

  @Test
  void theFirstRequestHoldsTheKeyAndARepeatIsToldWhatItCreated() {
    try (OneTimeKeys.Ticket<String> first = keys.claim("jlee", "k1", null, "formKey")) {
      assertThat(first.earlier()).isNull();
      first.created("posts/A");
    }

    try (OneTimeKeys.Ticket<String> repeat = keys.claim("jlee", "k1", null, "formKey")) {
      assertThat(repeat.earlier()).isEqualTo("posts/A");
    }
  }

  @Test
  void aRepeatArrivingWhileTheFirstRunsWaitsForItsOutcome() throws Exception {
    OneTimeKeys.Ticket<String> first = keys.claim("jlee", "k2", null, "formKey");
    CompletableFuture<String> repeat =
        CompletableFuture.supplyAsync(
            () -> {
              try (OneTimeKeys.Ticket<String> ticket = keys.claim("jlee", "k2", null, "formKey")) {
                return ticket.earlier();
              }
            });
    waitUntilBlocked(repeat);

    first.created("posts/B");
    first.close();

    assertThat(repeat.get(5, TimeUnit.SECONDS)).isEqualTo("posts/B");
  }

  @Test
  void aRefusedFirstFreesTheKeyForTheRequestWaitingOnIt() throws Exception {
    OneTimeKeys.Ticket<String> refused = keys.claim("jlee", "k3", null, "formKey");
    CompletableFuture<String> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try (OneTimeKeys.Ticket<String> ticket = keys.claim("jlee", "k3", null, "formKey")) {
                if (ticket.earlier() != null) {
                  return "told " + ticket.earlier();
                }
                ticket.created("posts/C");
                return "created";
              }
            });
    waitUntilBlocked(waiting);

    refused.close();

    assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("created");
    try (OneTimeKeys.Ticket<String> later = keys.claim("jlee", "k3", null, "formKey")) {
      assertThat(later.earlier()).isEqualTo("posts/C");
    }
  }

  @Test
  void keysArePerUser() {
    try (OneTimeKeys.Ticket<String> mine = keys.claim("jlee", "k4", null, "formKey")) {
      mine.created("posts/D");
    }

    try (OneTimeKeys.Ticket<String> theirs = keys.claim("kpark", "k4", null, "formKey")) {
      assertThat(theirs.earlier()).isNull();
    }
  }

  @Test
  void aKeyGivenAgainWithAnotherRequestIsRefusedNamingTheField() {
    try (OneTimeKeys.Ticket<String> first =
        keys.claim("jlee", "k5", "digest-1", "Idempotency-Key")) {
      first.created("D1");
    }

    assertThatThrownBy(() -> keys.claim("jlee", "k5", "digest-2", "Idempotency-Key"))
        .isInstanceOfSatisfying(
            HttpProblem.BadRequest.class,
            problem -> assertThat(problem.extras()).containsEntry("field", "Idempotency-Key"));
  }

  @Test
  void eachUserKeepsOnlyTheirLatestKeys() {
    for (String key : new String[] {"a", "b", "c", "d"}) {
      try (OneTimeKeys.Ticket<String> ticket = keys.claim("jlee", key, null, "formKey")) {
        ticket.created("posts/" + key);
      }
    }

    try (OneTimeKeys.Ticket<String> oldest = keys.claim("jlee", "a", null, "formKey")) {
      assertThat(oldest.earlier()).isNull();
    }
    try (OneTimeKeys.Ticket<String> recent = keys.claim("jlee", "d", null, "formKey")) {
      assertThat(recent.earlier()).isEqualTo("posts/d");
    }
  }

  @Test
  void aRepeatDoesNotWaitForeverForAFirstThatHangs() {
    OneTimeKeys<String> impatient = new OneTimeKeys<>(3, Duration.ofMillis(100));
    impatient.claim("jlee", "k6", null, "formKey");

    assertThatThrownBy(() -> impatient.claim("jlee", "k6", null, "formKey"))
        .isInstanceOf(HttpProblem.Conflict.class);
  }

  @Test
  void newKeysAreUnguessableAndUrlSafe() {
    assertThat(OneTimeKeys.newKey())
        .matches("[A-Za-z0-9_-]{22}")
        .isNotEqualTo(OneTimeKeys.newKey());
  }
}
