package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.policy.approval.GrantDesk;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /api/v1/grants}: the grants in force, and revoking a temporary one. */
final class GrantEndpoints {

  private final GrantDesk desk;

  GrantEndpoints(GrantDesk desk) {
    this.desk = desk;
  }

  List<Route> routes() {
    return List.of(
        new Route(
            "GET",
            "/api/v1/grants",
            Route.Feature.GRANTS,
            Set.of(Role.AUDITOR, Role.REVIEWER, Role.APPROVER),
            "listing grants",
            this::list),
        new Route(
            "DELETE",
            "/api/v1/grants/{id}",
            Route.Feature.GRANTS,
            Set.of(Role.ADMIN),
            "revoking a grant",
            this::revoke));
  }

  private ApiResponse list(Route.Call call) {
    return ApiResponse.json(
        200, ApiJson.write(ApiJson.grants(desk.configured(), desk.temporary())));
  }

  /** The reason comes from the body ({@code {"reason": "…"}}) or else from {@code ?reason=}. */
  private ApiResponse revoke(Route.Call call) {
    ObjectNode body = RequestBody.object(call.request(), Set.of("reason"));
    Optional<String> reason =
        RequestBody.string(body, "reason")
            .or(() -> call.request().query("reason").map(String::strip).filter(r -> !r.isEmpty()));
    if (reason.isEmpty()) {
      throw new ProblemException(
          400,
          "a reason is required to revoke a grant (it is recorded): body {\"reason\": \"…\"} or"
              + " ?reason=…");
    }
    return DeskAnswers.toResponse(
        desk.revoke(call.parameter("id"), call.caller(), reason.get()), ApiJson::temporary);
  }
}
