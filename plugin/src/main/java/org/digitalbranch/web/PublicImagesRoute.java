package org.digitalbranch.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.digitalbranch.queue.Post;
import org.digitalbranch.queue.PostImage;
import org.digitalbranch.queue.PostRepository;
import org.digitalbranch.queue.PostState;
import org.digitalbranch.store.Database;

/**
 * {@code GET public/images/{token}}: the one route under the mount that needs no session, for the
 * platforms that fetch a post's image from a public address (Instagram). It serves an image only
 * when the token is valid ({@link PublicImageLinks}) and the post is approved or being published;
 * drafts, rejected and already published posts answer 404 like a bad token, so a probe learns
 * nothing.
 */
final class PublicImagesRoute {

  private static final Set<PostState> SERVED = Set.of(PostState.APPROVED, PostState.PUBLISHING);

  private final PublicImageLinks links;
  private final Database database;
  private final Path imageFolder;

  PublicImagesRoute(PublicImageLinks links, Database database, Path imageFolder) {
    this.links = links;
    this.database = database;
    this.imageFolder = imageFolder.toAbsolutePath().normalize();
  }

  Router routes(Router router) {
    return router.get("images/{token}", this::serve);
  }

  void serve(Exchange exchange) throws IOException {
    PublicImageLinks.Signed signed =
        links.verify(exchange.pathParameter("token")).orElseThrow(PublicImagesRoute::notFound);
    Optional<Post> found =
        database
            .transactions()
            .read(connection -> new PostRepository(connection).find(signed.postId()));
    Post post =
        found
            .filter(candidate -> SERVED.contains(candidate.state()))
            .orElseThrow(PublicImagesRoute::notFound);
    PostImage image =
        post.images().stream()
            .filter(candidate -> candidate.id().equals(signed.imageId()))
            .findFirst()
            .orElseThrow(PublicImagesRoute::notFound);
    Path file = imageFolder.resolve(image.fileName()).normalize();
    if (!imageFolder.equals(file.getParent()) || !Files.isRegularFile(file)) {
      throw notFound();
    }
    HttpServletResponse response = exchange.response();
    response.setStatus(200);
    response.setContentType(image.contentType());
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Cache-Control", "private, max-age=300");
    response.setContentLengthLong(Files.size(file));
    if (!exchange.request().getMethod().equals("HEAD")) {
      Files.copy(file, response.getOutputStream());
    }
  }

  private static HttpProblem notFound() {
    return new HttpProblem.NotFound("No such image.");
  }
}
