package org.digitalbranch.descriptor.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostSessionTest {

  @Test
  void theCsrfFieldInAnAddressIsFoundHoweverItsNameIsWritten() {
    assertThat(HostSession.csrfFieldInQuery("csrf=t")).isTrue();
    assertThat(HostSession.csrfFieldInQuery("q=hours&csrf")).isTrue();
    // A container decodes names before it reads them: these are "csrf" to it.
    assertThat(HostSession.csrfFieldInQuery("%63srf=t")).isTrue();
    assertThat(HostSession.csrfFieldInQuery("c%73rf=t")).isTrue();
    // One that cannot be decoded cannot be told apart.
    assertThat(HostSession.csrfFieldInQuery("%zz=t")).isTrue();
  }

  @Test
  void anAddressWithoutTheCsrfFieldIsLeftAlone() {
    assertThat(HostSession.csrfFieldInQuery(null)).isFalse();
    assertThat(HostSession.csrfFieldInQuery("")).isFalse();
    assertThat(HostSession.csrfFieldInQuery("q=csrf&csrftoken=1&xcsrf=2")).isFalse();
  }
}
