package org.digitalbranch.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.digitalbranch.queue.ImageInput;
import org.digitalbranch.queue.ImageStore;
import org.digitalbranch.queue.Intent;
import org.digitalbranch.queue.Topic;

/**
 * Reads the API's request bodies field by field, so that every mistake is a 400 naming the field
 * ({@code publishAt}, {@code images[0].alt}, {@code accounts[1]}) and unknown fields are refused
 * rather than silently ignored (a typo in {@code confirmMix} must not approve anything).
 */
final class PostRequests {

  /** A post's content as the client sent it; images are ids from {@code api/images} or the post. */
  record Content(
      String text,
      String link,
      List<ImageRef> images,
      List<String> accounts,
      Topic topic,
      Intent intent,
      LocalDateTime publishAt) {}

  record ImageRef(String id, String alt) {}

  /** {@code POST api/posts/{id}/{action}}; {@code publishAtGiven}: the key was present. */
  record ActionBody(
      int version,
      String note,
      boolean confirmMix,
      boolean publishAtGiven,
      LocalDateTime publishAt) {}

  /** Ids we generate: 128 random bits as 22 base64url characters. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");

  /** The local time the pages send: minutes, optionally seconds, no zone. */
  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

  private static final Set<String> CONTENT_FIELDS =
      Set.of("text", "link", "images", "accounts", "topic", "intent", "publishAt");
  private static final Set<String> IMAGE_FIELDS = Set.of("id", "alt");
  private static final Set<String> ACTION_FIELDS =
      Set.of("version", "note", "confirmMix", "publishAt");

  private final Predicate<String> accountExists;

  /**
   * @param accountExists whether an account id is configured
   */
  PostRequests(Predicate<String> accountExists) {
    this.accountExists = accountExists;
  }

  /**
   * A create or preview body; with {@code versioned}, an edit body that also carries {@code
   * version}.
   */
  Content content(JsonNode body, boolean versioned) {
    requireObject(body);
    Set<String> allowed = new java.util.HashSet<>(CONTENT_FIELDS);
    if (versioned) {
      allowed.add("version");
    }
    refuseUnknown(body, allowed, "");
    return new Content(
        optionalText(body, "text"),
        optionalText(body, "link"),
        images(body.get("images")),
        accounts(body.get("accounts")),
        choice(body, "topic") == null ? null : Topic.parse(choice(body, "topic"), "topic"),
        choice(body, "intent") == null ? null : Intent.parse(choice(body, "intent"), "intent"),
        localTime(body.get("publishAt"), "publishAt"));
  }

  ActionBody action(JsonNode body) {
    requireObject(body);
    refuseUnknown(body, ACTION_FIELDS, "");
    // The note's length and visibility are the workflow's to check, for the pages' forms too.
    String note = optionalText(body, "note");
    JsonNode confirm = body.get("confirmMix");
    if (confirm != null && !confirm.isNull() && !confirm.isBoolean()) {
      throw new HttpProblem.BadRequest("confirmMix", "confirmMix: expected true or false.");
    }
    return new ActionBody(
        version(body),
        note,
        confirm != null && confirm.booleanValue(),
        body.has("publishAt"),
        localTime(body.get("publishAt"), "publishAt"));
  }

  /** The version the client saw: a required whole number. */
  static int version(JsonNode body) {
    JsonNode version = body.get("version");
    if (version == null || version.isNull()) {
      throw new HttpProblem.BadRequest(
          "version", "version: send the version of the post you saw (from GET api/posts/{id}).");
    }
    if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() < 1) {
      throw new HttpProblem.BadRequest("version", "version: expected a whole number from 1.");
    }
    return version.intValue();
  }

  /** {@code {"paused": true|false}}. */
  static boolean paused(JsonNode body) {
    requireObject(body);
    refuseUnknown(body, Set.of("paused"), "");
    JsonNode paused = body.get("paused");
    if (paused == null || !paused.isBoolean()) {
      throw new HttpProblem.BadRequest("paused", "paused: expected true or false.");
    }
    return paused.booleanValue();
  }

  private List<ImageRef> images(JsonNode images) {
    List<ImageRef> refs = new ArrayList<>();
    if (images == null || images.isNull()) {
      return refs;
    }
    if (!images.isArray()) {
      throw new HttpProblem.BadRequest(
          "images", "images: expected an array of {\"id\", \"alt\"} objects.");
    }
    if (images.size() > ImageStore.MAX_IMAGES) {
      throw new HttpProblem.BadRequest(
          "images",
          "images: a post carries at most "
              + ImageStore.MAX_IMAGES
              + " images; this one has "
              + images.size()
              + ".");
    }
    for (int i = 0; i < images.size(); i++) {
      String at = "images[" + i + "]";
      JsonNode image = images.get(i);
      if (!image.isObject()) {
        throw new HttpProblem.BadRequest(at, at + ": expected an object {\"id\", \"alt\"}.");
      }
      refuseUnknown(image, IMAGE_FIELDS, at + ".");
      JsonNode id = image.get("id");
      if (id == null || !id.isTextual() || !ID.matcher(id.textValue()).matches()) {
        throw new HttpProblem.BadRequest(
            at + ".id", at + ".id: expected the id POST api/images gave for the file.");
      }
      JsonNode alt = image.get("alt");
      if (alt == null || !alt.isTextual() || alt.textValue().isBlank()) {
        throw new HttpProblem.BadRequest(
            at + ".alt",
            at + ".alt: describe the image for people who cannot see it (alt text is required).");
      }
      refs.add(new ImageRef(id.textValue(), alt.textValue().strip()));
    }
    return refs;
  }

  private List<String> accounts(JsonNode accounts) {
    List<String> ids = new ArrayList<>();
    if (accounts == null || accounts.isNull()) {
      return ids;
    }
    if (!accounts.isArray()) {
      throw new HttpProblem.BadRequest("accounts", "accounts: expected an array of account ids.");
    }
    for (int i = 0; i < accounts.size(); i++) {
      String at = "accounts[" + i + "]";
      JsonNode account = accounts.get(i);
      if (!account.isTextual()) {
        throw new HttpProblem.BadRequest(at, at + ": expected an account id.");
      }
      if (!accountExists.test(account.textValue())) {
        throw new HttpProblem.BadRequest(
            at, at + ": no account " + quote(account.textValue()) + " is configured.");
      }
      ids.add(account.textValue());
    }
    return ids;
  }

  static LocalDateTime localTime(JsonNode value, String field) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      try {
        return LocalDateTime.parse(value.textValue(), LOCAL_TIME);
      } catch (DateTimeParseException e) {
        // answered below
      }
    }
    throw new HttpProblem.BadRequest(
        field,
        field
            + ": expected a local time in the library's time zone such as \"2026-12-01T09:00\","
            + " or null for as soon as approved.");
  }

  private static String optionalText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new HttpProblem.BadRequest(field, field + ": expected text.");
    }
    return value.textValue();
  }

  private static String choice(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    // Not text: let the queue name the choices, as for an unknown word.
    return value.isTextual() ? value.textValue() : value.toString();
  }

  private static void requireObject(JsonNode body) {
    if (!body.isObject()) {
      throw new HttpProblem.BadRequest("the request body must be a JSON object.");
    }
  }

  private static void refuseUnknown(JsonNode object, Set<String> allowed, String prefix) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        unknown.add(prefix + name);
      }
    }
    Exchange.refuse(unknown, "field", allowed);
  }

  private static String quote(String text) {
    String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return '"' + shown + '"';
  }

  /** Images the post keeps by id; the caller turns staged uploads into content. */
  static ImageInput keep(ImageRef ref) {
    return ImageInput.keep(ref.id(), ref.alt());
  }
}
