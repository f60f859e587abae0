package dev.drawbridge.server.admin.api;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to the admin listener, its body already read (the listener's buffers are released
 * before it is answered).
 *
 * @param method the HTTP method
 * @param uri the request target: path and query, still percent-encoded
 * @param authorization the {@code Authorization} header, or null
 * @param contentType the {@code Content-Type} header, or null
 * @param body the body's bytes (empty when there is none)
 */
public record ApiRequest(
    String method, String uri, String authorization, String contentType, byte[] body) {

  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    body = body == null ? new byte[0] : body.clone();
  }

  /** The decoded path, without the query. */
  public String path() {
    return new QueryStringDecoder(uri).path();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  boolean hasBody() {
    return body.length > 0;
  }

  /**
   * The path's segments, each decoded on its own (so an encoded {@code /} stays in its segment).
   */
  List<String> segments() {
    String raw = new QueryStringDecoder(uri).rawPath();
    List<String> segments = new ArrayList<>();
    for (String part : raw.split("/", -1)) {
      segments.add(QueryStringDecoder.decodeComponent(part));
    }
    if (!segments.isEmpty() && segments.getFirst().isEmpty()) {
      segments.removeFirst();
    }
    return segments;
  }

  /** The first value of a query parameter. */
  Optional<String> query(String name) {
    List<String> values = new QueryStringDecoder(uri).parameters().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }
}
