package dev.drawbridge.server.admin;

import dev.drawbridge.core.runtime.GatewayMetrics;
import dev.drawbridge.server.admin.api.AdminApi;
import dev.drawbridge.server.admin.api.ApiRequest;
import dev.drawbridge.server.admin.api.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the admin endpoints answer, independent of HTTP plumbing: {@code /healthz} (the process is
 * alive), {@code /readyz} (every readiness check holds), {@code /metrics} (Prometheus text), all
 * open, and the admin API under {@code /api/v1} ({@link AdminApi}), which needs a bearer token.
 */
public final class AdminRoutes {

  /** A response: status code, content type, body, and any further headers. */
  public record Response(int status, String contentType, String body, Map<String, String> headers) {

    public Response {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public Response(int status, String contentType, String body) {
      this(status, contentType, body, Map.of());
    }

    static Response of(ApiResponse api) {
      return new Response(api.status(), api.contentType(), api.body(), api.headers());
    }
  }

  static final String JSON = "application/json";
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final GatewayMetrics metrics;
  private final List<ReadinessCheck> checks;
  private final AdminApi api;

  /** The open endpoints only: the admin API answers 503 (it has no desks). */
  public AdminRoutes(GatewayMetrics metrics, List<ReadinessCheck> checks) {
    this(metrics, checks, AdminApi.disabled());
  }

  public AdminRoutes(GatewayMetrics metrics, List<ReadinessCheck> checks, AdminApi api) {
    this.metrics = metrics;
    this.checks = List.copyOf(checks);
    this.api = api;
  }

  /**
   * Answers any request: the admin API's asynchronously (it authenticates and may reach the
   * database, never on the caller's thread), the open endpoints at once.
   */
  public CompletionStage<Response> handle(ApiRequest request) {
    String path = request.path();
    if (AdminApi.owns(path)) {
      return api.handle(request).thenApply(Response::of);
    }
    return CompletableFuture.completedFuture(handle(request.method(), path));
  }

  /** Answers the open endpoints: {@code /healthz}, {@code /readyz}, {@code /metrics}. */
  public Response handle(String method, String path) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return problem(405, "method " + method + " is not allowed; the admin endpoints answer GET");
    }
    return switch (path) {
      case "/healthz" -> new Response(200, JSON, "{\"status\":\"ok\"}\n");
      case "/readyz" -> readiness();
      case "/metrics" -> new Response(200, PROMETHEUS, metrics.scrape());
      default -> problem(404, "no admin endpoint " + path + "; try /healthz, /readyz or /metrics");
    };
  }

  private Response readiness() {
    Map<String, ReadinessCheck.Status> results = new TreeMap<>();
    boolean ready = true;
    for (ReadinessCheck check : checks) {
      ReadinessCheck.Status status = check.status();
      results.put(check.name(), status);
      ready &= status.ready();
    }
    StringBuilder body = new StringBuilder();
    body.append("{\"status\":\"").append(ready ? "ready" : "not ready").append("\",\"checks\":{");
    boolean first = true;
    for (Map.Entry<String, ReadinessCheck.Status> entry : results.entrySet()) {
      if (!first) {
        body.append(',');
      }
      first = false;
      body.append('"')
          .append(Json.escape(entry.getKey()))
          .append("\":{\"ready\":")
          .append(entry.getValue().ready())
          .append(",\"detail\":\"")
          .append(Json.escape(entry.getValue().detail()))
          .append("\"}");
    }
    body.append("}}\n");
    return new Response(ready ? 200 : 503, JSON, body.toString());
  }

  private static Response problem(int status, String detail) {
    return new Response(
        status, JSON, "{\"status\":" + status + ",\"detail\":\"" + Json.escape(detail) + "\"}\n");
  }
}
