package dev.drawbridge.server.admin.api;

import java.util.Map;
import java.util.Objects;

/**
 * An answer of the admin API.
 *
 * @param status the HTTP status
 * @param contentType its content type
 * @param headers further headers ({@code WWW-Authenticate}, {@code Allow})
 * @param body the body, UTF-8 text
 */
public record ApiResponse(
    int status, String contentType, Map<String, String> headers, String body) {

  static final String JSON = "application/json";

  public ApiResponse {
    Objects.requireNonNull(contentType, "contentType");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  static ApiResponse json(int status, String body) {
    return new ApiResponse(status, JSON, Map.of(), body);
  }
}
