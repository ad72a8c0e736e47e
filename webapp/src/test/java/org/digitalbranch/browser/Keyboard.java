package org.digitalbranch.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * A person with a keyboard and no mouse: keys go to whatever has focus, and every stop on the way
 * must show where the focus is.
 */
final class Keyboard {

  /** Further than any page here needs; a page that takes more Tabs has a problem of its own. */
  private static final int MOST_TABS = 60;

  private final WebDriver driver;

  Keyboard(WebDriver driver) {
    this.driver = driver;
  }

  /** Presses keys (Tab, Enter, Space, arrows, or text) on whatever has focus. */
  Keyboard press(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
    return this;
  }

  Keyboard type(String text) {
    return press(text);
  }

  WebElement focused() {
    return driver.switchTo().activeElement();
  }

  /**
   * Presses Tab until the focused element matches, checking that each element passed on the way
   * shows its focus. Fails naming every stop when the element is never reached.
   */
  WebElement tabTo(String description, Predicate<WebElement> wanted) {
    List<String> stops = new ArrayList<>();
    for (int i = 0; i < MOST_TABS; i++) {
      press(Keys.TAB);
      WebElement element = focused();
      assertFocusVisible(element);
      if (wanted.test(element)) {
        return element;
      }
      stops.add(describe(element));
    }
    return fail("Tab never reached " + description + "; it stopped at: " + stops);
  }

  /** Tabs to the link or button whose visible text starts with {@code text}. */
  WebElement tabToControl(String text) {
    return tabTo(
        "\"" + text + "\"",
        element ->
            List.of("a", "button", "summary").contains(element.getTagName())
                && element.getText().strip().startsWith(text));
  }

  /** Tabs to the form field with this id. */
  WebElement tabToField(String id) {
    return tabTo("#" + id, element -> id.equals(element.getAttribute("id")));
  }

  /**
   * The focused element draws a focus indicator: an outline of some width, or a box shadow, as the
   * browser computes its style right now (or it is a date or time field, whose focused part the
   * browser highlights).
   */
  void assertFocusVisible(WebElement element) {
    @SuppressWarnings("unchecked")
    Map<String, Object> style =
        (Map<String, Object>)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "var e = arguments[0], s = getComputedStyle(e);"
                        + " return {outline: s.outlineStyle, width: s.outlineWidth,"
                        + " shadow: s.boxShadow, focusVisible: e.matches(':focus-visible'),"
                        + " segmented: document.activeElement === e && e.tagName === 'INPUT'"
                        + " && /^(date|time|datetime-local|month|week)$/.test(e.type)};",
                    element);
    boolean outline =
        !"none".equals(style.get("outline")) && parseWidth(String.valueOf(style.get("width"))) > 0;
    boolean shadow = !"none".equals(style.get("shadow"));
    // Chromium moves the focus of a date or time field onto one of its parts (the month, the
    // hour) and highlights that part itself; the field's own outline does not apply.
    boolean segmented = Boolean.TRUE.equals(style.get("segmented"));
    assertThat(outline || shadow || segmented)
        .as("focus is visible on " + describe(element) + " (computed style " + style + ")")
        .isTrue();
  }

  private static double parseWidth(String width) {
    try {
      return Double.parseDouble(width.replace("px", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String describe(WebElement element) {
    String id = element.getAttribute("id");
    String text = element.getText().strip();
    return "<"
        + element.getTagName()
        + (id == null || id.isEmpty() ? "" : " id=" + id)
        + ">"
        + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
  }
}
