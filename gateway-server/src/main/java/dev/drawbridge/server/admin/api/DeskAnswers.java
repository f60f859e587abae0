package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.policy.approval.DeskAnswer;
import java.util.function.Function;

/** Turns a desk's answer into an HTTP answer: 200 with the thing as it is now, or a problem. */
final class DeskAnswers {

  private DeskAnswers() {}

  static <T> ApiResponse toResponse(DeskAnswer<T> answer, Function<T, JsonNode> render) {
    return switch (answer) {
      case DeskAnswer.Done<T> done ->
          ApiResponse.json(200, ApiJson.write(render.apply(done.value())));
      case DeskAnswer.NotFound<T> notFound ->
          Problem.of(404, detail(notFound.detail(), "not found"));
      case DeskAnswer.Conflict<T> conflict ->
          Problem.of(409, detail(conflict.detail(), "it was decided already or has lapsed"));
      case DeskAnswer.Forbidden<T> forbidden ->
          Problem.of(403, detail(forbidden.detail(), "you may not do this"));
      case DeskAnswer.Invalid<T> invalid ->
          Problem.of(400, detail(invalid.detail(), "invalid call"));
      case DeskAnswer.Unavailable<T> unavailable ->
          Problem.of(503, detail(unavailable.detail(), "cannot be done now; try again"));
    };
  }

  private static String detail(String detail, String fallback) {
    return detail == null || detail.isBlank() ? fallback : detail;
  }
}
