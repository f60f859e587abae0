package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.Durations;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.PolicyStore.StoreException;
import dev.drawbridge.policy.review.Campaign;
import dev.drawbridge.server.review.AccessReviews;
import dev.drawbridge.server.review.GrantsPatch;
import dev.drawbridge.server.review.ReportCsv;
import dev.drawbridge.server.review.ReportFormat;
import dev.drawbridge.server.review.ReportMarkdown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/reviews}: access review campaigns, their items, decisions, report and patch
 * (docs/access-reviews.md).
 */
final class ReviewEndpoints {

  static final Duration DEFAULT_WINDOW = Duration.ofDays(90);

  private final AccessReviews desk;

  ReviewEndpoints(AccessReviews desk) {
    this.desk = desk;
  }

  List<Route> routes() {
    return List.of(
        new Route(
            "GET",
            "/api/v1/reviews",
            Route.Feature.REVIEWS,
            Set.of(Role.REVIEWER, Role.AUDITOR),
            "listing review campaigns",
            this::list),
        new Route(
            "POST",
            "/api/v1/reviews",
            Route.Feature.REVIEWS,
            Set.of(Role.REVIEWER),
            "starting a review campaign",
            this::start),
        new Route(
            "GET",
            "/api/v1/reviews/{name}",
            Route.Feature.REVIEWS,
            Set.of(Role.REVIEWER),
            "reading a review campaign",
            this::campaign),
        new Route(
            "GET",
            "/api/v1/reviews/{name}/items/{grant}",
            Route.Feature.REVIEWS,
            Set.of(Role.REVIEWER),
            "reading a review item",
            this::item),
        new Route(
            "POST",
            "/api/v1/reviews/{name}/items/{grant}/decision",
            Route.Feature.REVIEWS,
            Set.of(Role.REVIEWER),
            "deciding a review item",
            this::decide),
        new Route(
            "GET",
            "/api/v1/reviews/{name}/report",
            Route.Feature.REVIEWS,
            Set.of(Role.REVIEWER, Role.AUDITOR),
            "reading a review report",
            this::report),
        new Route(
            "GET",
            "/api/v1/reviews/{name}/patch",
            Route.Feature.REVIEWS,
            Set.of(Role.REVIEWER),
            "reading a review's patch",
            this::patch));
  }

  private ApiResponse list(Route.Call call) {
    try {
      ObjectNode body = ApiJson.mapper().createObjectNode();
      ArrayNode list = body.putArray("reviews");
      for (Campaign campaign : desk.campaigns()) {
        list.add(ReviewViews.campaign(campaign));
      }
      return ApiResponse.json(200, ApiJson.write(body));
    } catch (StoreException e) {
      return Problem.of(503, e.getMessage());
    }
  }

  private ApiResponse start(Route.Call call) {
    ObjectNode body =
        RequestBody.object(call.request(), Set.of("name", "connections", "agents", "window"));
    String name =
        RequestBody.string(body, "name")
            .orElseThrow(() -> new ProblemException(400, "'name' is required (such as Q4)"));
    Duration window =
        RequestBody.string(body, "window")
            .map(
                w -> {
                  try {
                    return Durations.parse(w);
                  } catch (IllegalArgumentException e) {
                    throw new ProblemException(400, "'window': " + e.getMessage());
                  }
                })
            .orElse(DEFAULT_WINDOW);
    AccessReviews.Scope scope =
        new AccessReviews.Scope(
            name, strings(body, "connections"), strings(body, "agents"), window);
    return DeskAnswers.toResponse(desk.start(scope, call.caller()), ReviewViews::view);
  }

  private static List<String> strings(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new ProblemException(400, "'" + field + "' must be an array of strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode v : value) {
      if (!v.isTextual() || v.asText().isBlank()) {
        throw new ProblemException(400, "'" + field + "' must be an array of strings");
      }
      values.add(v.asText().strip());
    }
    return values;
  }

  private ApiResponse campaign(Route.Call call) {
    return DeskAnswers.toResponse(desk.campaign(call.parameter("name")), ReviewViews::view);
  }

  private ApiResponse item(Route.Call call) {
    return DeskAnswers.toResponse(
        desk.item(call.parameter("name"), call.parameter("grant")), ReviewViews::item);
  }

  private ApiResponse decide(Route.Call call) {
    ObjectNode body = RequestBody.object(call.request(), Set.of("decision", "reason", "until"));
    String decision =
        RequestBody.string(body, "decision")
            .orElseThrow(
                () ->
                    new ProblemException(
                        400, "'decision' is required: certify, revoke, narrow or extend"));
    return DeskAnswers.toResponse(
        desk.decide(
            call.parameter("name"),
            call.parameter("grant"),
            decision,
            RequestBody.string(body, "reason").orElse(null),
            RequestBody.string(body, "until").orElse(null),
            call.caller()),
        ReviewViews::item);
  }

  private ApiResponse report(Route.Call call) {
    ReportFormat format;
    try {
      format = ReportFormat.of(call.request().query("format").orElse("json"));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, e.getMessage());
    }
    DeskAnswer<ObjectNode> answer = desk.report(call.parameter("name"));
    if (answer instanceof DeskAnswer.Done<ObjectNode>(ObjectNode report)) {
      return switch (format) {
        case MD ->
            new ApiResponse(
                200, "text/markdown; charset=utf-8", Map.of(), ReportMarkdown.render(report));
        case CSV ->
            new ApiResponse(200, "text/csv; charset=utf-8", Map.of(), ReportCsv.render(report));
        case JSON -> ApiResponse.json(200, ApiJson.write(report));
      };
    }
    return DeskAnswers.toResponse(answer, r -> r);
  }

  private ApiResponse patch(Route.Call call) {
    String format = call.request().query("format").orElse("json");
    if (!format.equals("json") && !format.equals("yaml")) {
      throw new ProblemException(400, "format must be json or yaml");
    }
    String name = call.parameter("name");
    DeskAnswer<GrantsPatch> answer = desk.patch(name);
    if (answer instanceof DeskAnswer.Done<GrantsPatch>(GrantsPatch patch)
        && format.equals("yaml")) {
      return new ApiResponse(200, "application/yaml; charset=utf-8", Map.of(), patch.yaml());
    }
    return DeskAnswers.toResponse(
        answer,
        patch -> {
          ObjectNode json = ApiJson.mapper().createObjectNode();
          json.put("campaign", name);
          json.set("changes", patch.changes());
          json.put("yaml", patch.yaml());
          return json;
        });
  }
}
