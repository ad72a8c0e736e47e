package org.digitalbranch.intranet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page audit finds what a browser loads by itself, and only that. */
class PageAuditTest {

  private static final URI INTRANET = URI.create("http://127.0.0.1:8080");

  @Test
  void scriptsStylesheetsImagesFramesFormsAndInlineStylesAreFoundButLinksAreNot() {
    String html =
        """
        <link rel="stylesheet" href="/static/intranet.css">
        <link rel="icon" href="//cdn.example/favicon.ico">
        <link rel="canonical" href="https://elsewhere.example/page">
        <script src="https://cdn.example/lib.js" defer></script>
        <img class="db-thumb" src="/digital-branch/api/images/1" alt="a cat">
        <img srcset="/a.png 1x, https://img.example/b.png 2x" alt="">
        <iframe src='https://video.example/embed'></iframe>
        <form method="post" action="https://collector.example/steal"></form>
        <p style="background: url(&quot;https://track.example/pixel.gif&quot;)">Hello</p>
        <a href="https://mastodon.social/@library/1">Open on Mastodon</a>
        """;

    List<String> found =
        PageAudit.references(html).stream().map(PageAudit.Reference::toString).toList();

    assertThat(found)
        .containsExactly(
            "link href=/static/intranet.css",
            "link href=//cdn.example/favicon.ico",
            "script src=https://cdn.example/lib.js",
            "img src=/digital-branch/api/images/1",
            "img srcset=/a.png",
            "img srcset=https://img.example/b.png",
            "iframe src=https://video.example/embed",
            "form action=https://collector.example/steal",
            "inline style=https://track.example/pixel.gif");
  }

  @Test
  void anotherHostPortOrSchemeIsAnotherOriginButDataAndRelativeAddressesAreNot() {
    assertThat(PageAudit.isOtherOrigin(INTRANET.resolve("/static/a.css"), INTRANET)).isFalse();
    assertThat(PageAudit.isOtherOrigin(URI.create("data:image/png;base64,AAAA"), INTRANET))
        .isFalse();
    assertThat(PageAudit.isOtherOrigin(URI.create("http://127.0.0.1:8081/a.css"), INTRANET))
        .isTrue();
    assertThat(PageAudit.isOtherOrigin(URI.create("https://127.0.0.1:8080/a.css"), INTRANET))
        .isTrue();
    assertThat(PageAudit.isOtherOrigin(INTRANET.resolve("//cdn.example/x.js"), INTRANET)).isTrue();
  }

  @Test
  void escapedAttributeValuesAreReadAsTheBrowserReadsThem() {
    assertThat(PageAudit.decode("/archive?q&#61;hours&amp;page&#x3D;2"))
        .isEqualTo("/archive?q=hours&page=2");
  }
}
