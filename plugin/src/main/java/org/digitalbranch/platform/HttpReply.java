package org.digitalbranch.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** A platform's answer: status, headers and the whole body. */
public record HttpReply(int status, HttpHeaders headers, byte[] body) {

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /**
   * The body as JSON, for a success answer. An unreadable body means the answer was lost: for a
   * request that created the post the outcome is unknown, before it the attempt is transient.
   */
  public JsonNode json(Stage stage, String platformName) throws PlatformFailure {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new IOException("empty body");
      }
      return node;
    } catch (IOException e) {
      String reason =
          platformName + " answered " + status + " but its answer could not be read (broken JSON)";
      throw new PlatformFailure(
          stage == Stage.PUBLISH
              ? new PublishOutcome.Unknown(reason + "; the post may be live", false)
              : new PublishOutcome.Transient(reason));
    }
  }

  /** The body as JSON for reading an error; a missing node when it is not JSON. */
  public JsonNode errorJson() {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
