package org.digitalbranch.intranet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

  @Test
  void aHashMatchesItsPasswordAndNoOther() {
    PasswordHash hash = PasswordHash.of("correct horse", 1_000);

    assertThat(hash.matches("correct horse")).isTrue();
    assertThat(hash.matches("correct horse ")).isFalse();
    assertThat(hash.matches("")).isFalse();
  }

  @Test
  void theTextFormDescribesItselfAndReadsBack() {
    PasswordHash hash = PasswordHash.of("battery staple", 1_234);

    String text = hash.text();

    assertThat(text).matches("pbkdf2-sha256\\$1234\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}");
    assertThat(PasswordHash.parse(text)).hasValue(hash);
    assertThat(PasswordHash.parse(text).orElseThrow().matches("battery staple")).isTrue();
  }

  @Test
  void theSamePasswordGetsADifferentSaltEachTime() {
    assertThat(PasswordHash.of("same", 1_000).text())
        .isNotEqualTo(PasswordHash.of("same", 1_000).text());
  }

  @Test
  void plainPasswordsAndMd5HashesAreNotHashes() {
    assertThat(PasswordHash.parse("staff")).isEmpty();
    assertThat(PasswordHash.parse("5f4dcc3b5aa765d61d8327deb882cf99")).isEmpty();
    assertThat(PasswordHash.parse("md5$abc$def$ghi")).isEmpty();
    assertThat(PasswordHash.parse("pbkdf2-sha256$many$c2FsdHNhbHQ=$aGFzaA==")).isEmpty();
    assertThat(PasswordHash.parse("pbkdf2-sha256$1000$not base64!$aGFzaA==")).isEmpty();
  }

  @Test
  void printingAHashDoesNotShowItsSaltOrValue() {
    PasswordHash hash = PasswordHash.of("secret", 1_000);

    assertThat(hash.toString()).isEqualTo("pbkdf2-sha256$1000$...");
  }
}
