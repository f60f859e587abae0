package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.GrantDesk;
import dev.drawbridge.policy.approval.TemporaryGrant;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /api/v1/grants}: the grants in force, creating a run-time one, revoking one. */
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
            "POST",
            "/api/v1/grants",
            Route.Feature.GRANTS,
            Set.of(Role.ADMIN),
            "creating a grant",
            this::create),
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

  /**
   * A grant as the configuration file writes one, with {@code for} (how long it lasts) in place of
   * {@code expires}: {@code {"subject": {"agent": "…"}, "connection": "…", "allow": [{"actions":
   * […], "tables": […], "columns": […]}], "owner": "…", "reason": "…", "for": "8h"}}.
   */
  private ApiResponse create(Route.Call call) {
    ObjectNode body =
        RequestBody.object(
            call.request(),
            Set.of(
                "id",
                "subject",
                "connection",
                "allow",
                "review",
                "deny",
                "limits",
                "owner",
                "reason",
                "for"));
    GrantConfig grant = GrantBodies.grant(body);
    Duration lasting =
        RequestBody.string(body, "for")
            .map(GrantBodies::lasting)
            .orElseThrow(
                () ->
                    new ProblemException(
                        400, "'for' is required: how long the grant lasts (1h, 7d)"));
    DeskAnswer<TemporaryGrant> answer = desk.create(grant, lasting, call.caller());
    if (answer instanceof DeskAnswer.Done<TemporaryGrant> done) {
      return ApiResponse.json(201, ApiJson.write(ApiJson.temporary(done.value())));
    }
    return DeskAnswers.toResponse(answer, ApiJson::temporary);
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
