package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * Error answers as RFC 9457 problem details ({@code application/problem+json}): {@code type}
 * (always {@code about:blank}: the status says what kind of problem it is), {@code title} (the
 * status's phrase), {@code status} and a {@code detail} that says what to do. Never a stack trace.
 */
public final class Problem {

  public static final String CONTENT_TYPE = "application/problem+json";

  private Problem() {}

  public static ApiResponse of(int status, String detail) {
    return of(status, detail, Map.of());
  }

  public static ApiResponse of(int status, String detail, Map<String, String> headers) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("type", "about:blank");
    body.put("title", HttpResponseStatus.valueOf(status).reasonPhrase());
    body.put("status", status);
    body.put("detail", detail);
    return new ApiResponse(status, CONTENT_TYPE, headers, ApiJson.write(body));
  }
}
