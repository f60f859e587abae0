package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.Durations;
import dev.drawbridge.policy.approval.ApprovalDesk;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /api/v1/approvals}: list, show, approve and deny held statements. */
final class ApprovalEndpoints {

  private final ApprovalDesk desk;

  ApprovalEndpoints(ApprovalDesk desk) {
    this.desk = desk;
  }

  List<Route> routes() {
    Set<Role> readers = Set.of(Role.APPROVER, Role.AUDITOR);
    Set<Role> deciders = Set.of(Role.APPROVER);
    return List.of(
        route("GET", "/api/v1/approvals", readers, "listing approvals", this::list),
        route("GET", "/api/v1/approvals/{id}", readers, "reading an approval", this::show),
        route(
            "POST",
            "/api/v1/approvals/{id}/approve",
            deciders,
            "approving a request",
            this::approve),
        route("POST", "/api/v1/approvals/{id}/deny", deciders, "denying a request", this::deny));
  }

  private static Route route(
      String method, String template, Set<Role> roles, String what, Route.Endpoint endpoint) {
    return new Route(method, template, Route.Feature.APPROVALS, roles, what, endpoint);
  }

  private ApiResponse list(Route.Call call) {
    String status = call.request().query("status").orElse("pending");
    boolean all =
        switch (status) {
          case "pending" -> false;
          case "all" -> true;
          default ->
              throw new ProblemException(
                  400, "status must be 'pending' (the default) or 'all'; got '" + status + "'");
        };
    return ApiResponse.json(200, ApiJson.write(ApiJson.approvals(desk.list(all))));
  }

  private ApiResponse show(Route.Call call) {
    String id = call.parameter("id");
    return desk.find(id)
        .map(request -> ApiResponse.json(200, ApiJson.write(ApiJson.approval(request))))
        .orElseGet(() -> Problem.of(404, "no approval request '" + id + "'"));
  }

  private ApiResponse approve(Route.Call call) {
    ObjectNode body = RequestBody.object(call.request(), Set.of("for", "reason"));
    Duration forDuration =
        RequestBody.string(body, "for").map(ApprovalEndpoints::duration).orElse(null);
    String reason = RequestBody.string(body, "reason").orElse(null);
    return DeskAnswers.toResponse(
        desk.approve(call.parameter("id"), call.caller(), forDuration, reason), ApiJson::approval);
  }

  private ApiResponse deny(Route.Call call) {
    ObjectNode body = RequestBody.object(call.request(), Set.of("reason"));
    Optional<String> reason = RequestBody.string(body, "reason");
    if (reason.isEmpty()) {
      throw new ProblemException(
          400, "a reason is required to deny: the agent is told it (body {\"reason\": \"…\"})");
    }
    return DeskAnswers.toResponse(
        desk.deny(call.parameter("id"), call.caller(), reason.get()), ApiJson::approval);
  }

  private static Duration duration(String text) {
    Duration duration;
    try {
      duration = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "'for': " + e.getMessage());
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new ProblemException(
          400, "'for' must be longer than zero; leave it out to approve this one statement");
    }
    return duration;
  }
}
