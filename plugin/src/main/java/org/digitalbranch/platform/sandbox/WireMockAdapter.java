package org.digitalbranch.platform.sandbox;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place WireMock meets the sandbox: every request a platform's server receives is turned
 * into a {@link SandboxRequest}, answered by that platform's stateful model, and turned back.
 */
final class WireMockAdapter implements ResponseDefinitionTransformerV2 {
  private static final Logger LOG = LoggerFactory.getLogger(WireMockAdapter.class);

  private final String name;
  private final SandboxApi api;

  WireMockAdapter(SandboxApi api) {
    this.name = "digital-branch-sandbox-" + api.platform().id();
    this.api = api;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    SandboxResponse response;
    try {
      response = api.handle(toSandboxRequest(serveEvent.getRequest()));
    } catch (RuntimeException unexpected) {
      LOG.warn(
          "sandbox {} failed on {}",
          api.platform().id(),
          serveEvent.getRequest().getUrl(),
          unexpected);
      response = SandboxResponse.json(500, Json.object("error", "sandbox failure"));
    }
    List<HttpHeader> headers = new ArrayList<>();
    response.headers().forEach((header, value) -> headers.add(new HttpHeader(header, value)));
    ResponseDefinitionBuilder definition =
        ResponseDefinitionBuilder.responseDefinition()
            .withStatus(response.status())
            .withHeaders(new HttpHeaders(headers))
            .withBody(response.body());
    if (!response.delay().isZero()) {
      definition = definition.withFixedDelay((int) response.delay().toMillis());
    }
    return definition.build();
  }

  static SandboxRequest toSandboxRequest(Request request) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String key : request.getAllHeaderKeys()) {
      headers.put(key, request.getHeader(key));
    }
    SandboxRequest plain =
        SandboxRequest.of(
            request.getMethod().getName(), request.getUrl(), headers, request.getBody());
    if (!request.isMultipart()) {
      return plain;
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Request.Part part : request.getParts()) {
      byte[] bytes = part.getBody().asBytes();
      if (part.getFileName() != null) {
        files.put(part.getName(), bytes);
      } else {
        fields
            .computeIfAbsent(part.getName(), key -> new ArrayList<>())
            .add(new String(bytes, StandardCharsets.UTF_8));
      }
    }
    return plain.withMultipart(fields, files);
  }
}
