package org.digitalbranch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

  private final Handler list = exchange -> {};
  private final Handler create = exchange -> {};
  private final Handler act = exchange -> {};
  private final Router router =
      new Router().get("posts", list).post("posts", create).post("posts/{id}/{action}", act);

  @Test
  void aPatternBindsItsPlaceholders() {
    Router.Match match = router.match("POST", "posts/42/approve");

    assertThat(match.handler()).isSameAs(act);
    assertThat(match.parameters()).isEqualTo(Map.of("id", "42", "action", "approve"));
  }

  @Test
  void theMethodChoosesBetweenHandlersOfOnePath() {
    assertThat(router.match("GET", "posts").handler()).isSameAs(list);
    assertThat(router.match("POST", "posts").handler()).isSameAs(create);
    assertThat(router.match("HEAD", "posts").handler()).isSameAs(list);
  }

  @Test
  void anUnknownPathIsNotFound() {
    assertThatThrownBy(() -> router.match("GET", "posts/42/approve/now"))
        .isInstanceOf(HttpProblem.NotFound.class);
    assertThatThrownBy(() -> router.match("POST", "posts//approve"))
        .isInstanceOf(HttpProblem.NotFound.class);
  }

  @Test
  void aKnownPathWithAnotherMethodListsTheAllowedOnes() {
    assertThatThrownBy(() -> router.match("DELETE", "posts"))
        .isInstanceOfSatisfying(
            HttpProblem.MethodNotAllowed.class,
            problem -> assertThat(problem.headers()).containsEntry("Allow", "GET, HEAD, POST"));
  }

  @Test
  void aPathAPatternSpellsOutIsNotTakenByAnotherPatternsPlaceholder() {
    Handler preview = exchange -> {};
    Handler show = exchange -> {};
    Router posts = new Router().post("posts/preview", preview).get("posts/{id}", show);

    assertThatThrownBy(() -> posts.match("GET", "posts/preview"))
        .isInstanceOfSatisfying(
            HttpProblem.MethodNotAllowed.class,
            problem -> assertThat(problem.headers()).containsEntry("Allow", "POST"));
    assertThat(posts.match("POST", "posts/preview").handler()).isSameAs(preview);
    assertThat(posts.match("GET", "posts/42").handler()).isSameAs(show);
  }

  @Test
  void theSpelledOutPatternWinsWhicheverWasAddedFirst() {
    Handler retry = exchange -> {};
    Router late = new Router().post("posts/{id}/{action}", act).post("posts/{id}/retry", retry);

    assertThat(late.match("POST", "posts/42/retry").handler()).isSameAs(retry);
    assertThat(late.match("POST", "posts/42/approve").handler()).isSameAs(act);
  }

  @Test
  void theRoutesAreListedInTheOrderTheyMatch() {
    assertThat(router.routes())
        .containsExactly("GET posts", "POST posts", "POST posts/{id}/{action}");
    assertThat(new Router().get("", list).routes()).containsExactly("GET ");
  }

  @Test
  void twoHandlersForOneRouteAreAWiringMistake() {
    assertThatThrownBy(() -> router.get("posts", list))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two handlers for GET posts");
  }
}
