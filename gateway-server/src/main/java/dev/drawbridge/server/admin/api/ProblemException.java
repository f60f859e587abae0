package dev.drawbridge.server.admin.api;

import java.util.Map;

/**
 * Ends a call with a problem answer. It carries no stack trace: it is how a call says no, not a
 * failure of the gateway.
 */
final class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ApiResponse response;

  ProblemException(int status, String detail) {
    this(status, detail, Map.of());
  }

  ProblemException(int status, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.response = Problem.of(status, detail, headers);
  }

  ApiResponse response() {
    return response;
  }
}
