package org.digitalbranch.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.digitalbranch.queue.Actor;
import org.digitalbranch.queue.ImageSize;
import org.digitalbranch.queue.ImageStore;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostImage;
import org.digitalbranch.queue.PostRepository;
import org.digitalbranch.queue.PostService;
import org.digitalbranch.store.Database;

/**
 * {@code POST api/images} takes one image ({@code multipart/form-data}, part {@code file}), checks
 * its size and its type by content, and stages it for the uploader's next post; {@code GET
 * api/images/{id}} serves a staged image to its uploader and a post's image to whoever may see the
 * post. Ids are validated before any file is touched, and file names come from the store, never
 * from the request, so no path can be smuggled in.
 */
final class ImagesApi {

  /** Room for the multipart boundaries and part headers around the largest allowed image. */
  static final long MULTIPART_OVERHEAD = 64 * 1024;

  private final PostService posts;
  private final Database database;
  private final StagedUploads uploads;
  private final Path imageFolder;
  private final long maxBytes;

  ImagesApi(
      PostService posts,
      Database database,
      StagedUploads uploads,
      Path imageFolder,
      long maxBytes) {
    this.posts = posts;
    this.database = database;
    this.uploads = uploads;
    this.imageFolder = imageFolder.toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
  }

  Router routes(Router router) {
    return router.post("images", this::upload).get("images/{id}", this::serve);
  }

  void upload(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    if (!actor.isStaff()) {
      throw new HttpProblem.Forbidden("Uploading images needs the staff role.");
    }
    String type = exchange.request().getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new HttpProblem.BadRequest(
          "file", "file: send the image as multipart/form-data in a part named \"file\".");
    }
    Part part;
    try {
      part = exchange.request().getPart("file");
    } catch (ServletException | IllegalStateException e) {
      throw tooLargeOrMalformed(e);
    }
    if (part == null || part.getSubmittedFileName() == null) {
      throw new HttpProblem.BadRequest("file", "file: the form has no file part named \"file\".");
    }
    if (part.getSize() > maxBytes) {
      throw tooLarge(part.getSize());
    }
    byte[] content;
    try (InputStream in = part.getInputStream()) {
      content = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE));
    } finally {
      part.delete();
    }
    if (content.length > maxBytes) {
      throw tooLarge(content.length);
    }
    if (content.length == 0) {
      throw new HttpProblem.BadRequest("file", "file: the file is empty.");
    }
    ImageStore.ImageType imageType = StagedUploads.sniff(content);
    if (imageType == null) {
      throw new HttpProblem.BadRequest(
          "file",
          "file: the content is not a PNG, JPEG, GIF or WebP image (it was checked, not its"
              + " name).");
    }
    Optional<String> problem = ImageSize.problem(content);
    if (problem.isPresent()) {
      throw new HttpProblem.BadRequest("file", "file: " + problem.get() + ".");
    }
    StagedUploads.Staged staged =
        uploads.stage(actor.name(), content, imageType, StagedUploads.newId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", staged.id());
    body.put("contentType", imageType.contentType());
    body.put("size", staged.size());
    exchange
        .response()
        .setHeader("Location", exchange.request().getRequestURI() + "/" + staged.id());
    exchange.json(201, body);
  }

  void serve(Exchange exchange) throws IOException {
    Actor actor = exchange.actor();
    String id = exchange.pathParameter("id");
    if (!PostRequests.ID.matcher(id).matches()) {
      throw notFound();
    }
    Optional<StagedUploads.Staged> staged = uploads.find(actor.name(), id);
    if (staged.isPresent()) {
      send(exchange, staged.get().file(), staged.get().type().contentType());
      return;
    }
    String postId =
        database
            .transactions()
            .read(connection -> new PostRepository(connection).postOfImage(id))
            .orElseThrow(ImagesApi::notFound);
    Post post = posts.get(actor, postId);
    PostImage image =
        post.images().stream()
            .filter(candidate -> candidate.id().equals(id))
            .findFirst()
            .orElseThrow(ImagesApi::notFound);
    Path file = imageFolder.resolve(image.fileName()).normalize();
    if (!file.getParent().equals(imageFolder) || !Files.isRegularFile(file)) {
      throw notFound();
    }
    send(exchange, file, image.contentType());
  }

  private static void send(Exchange exchange, Path file, String contentType) throws IOException {
    HttpServletResponse response = exchange.response();
    response.setStatus(200);
    response.setContentType(contentType);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Disposition", "inline");
    response.setHeader("Cache-Control", "private, no-cache");
    response.setContentLengthLong(Files.size(file));
    if (!exchange.request().getMethod().equals("HEAD")) {
      Files.copy(file, response.getOutputStream());
    }
  }

  private HttpProblem tooLarge(long size) {
    return new HttpProblem.PayloadTooLarge(
        "file",
        "file: the image is " + size + " bytes; the limit is " + maxBytes + " bytes.",
        maxBytes);
  }

  /** The container refuses a multipart body over its limits with an exception of its own. */
  private HttpProblem tooLargeOrMalformed(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("exceed") || message.contains("too large") || message.contains("413")) {
        return new HttpProblem.PayloadTooLarge(
            "file",
            "file: the upload is larger than the limit of " + maxBytes + " bytes.",
            maxBytes);
      }
    }
    return new HttpProblem.BadRequest(
        "file", "file: the multipart/form-data body could not be read.");
  }

  private static HttpProblem notFound() {
    return new HttpProblem.NotFound("No such image.");
  }
}
