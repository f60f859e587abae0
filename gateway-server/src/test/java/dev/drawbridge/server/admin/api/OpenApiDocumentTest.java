package dev.drawbridge.server.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes exactly the routes the router knows, and how they fail. */
class OpenApiDocumentTest {

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final JsonNode doc = read();
  private final List<Route> routes = new AdminApi(null, null, null, Runnable::run).routes();

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(AdminApi.readOpenApi());
    } catch (Exception e) {
      throw new AssertionError("openapi.json does not parse", e);
    }
  }

  @Test
  void itIsOpenApi31WithABearerScheme() {
    assertThat(doc.get("openapi").asText()).startsWith("3.1.");
    JsonNode bearer = doc.at("/components/securitySchemes/bearer");
    assertThat(bearer.get("type").asText()).isEqualTo("http");
    assertThat(bearer.get("scheme").asText()).isEqualTo("bearer");
    assertThat(bearer.get("bearerFormat").asText()).isEqualTo("JWT");
    assertThat(doc.at("/security/0").has("bearer")).isTrue();
  }

  @Test
  void everyRouteTheRouterKnowsIsDescribed() {
    for (Route route : routes) {
      assertThat(
              doc.path("paths").path(route.template()).has(route.method().toLowerCase(Locale.ROOT)))
          .as(route.method() + " " + route.template() + " in openapi.json")
          .isTrue();
    }
  }

  @Test
  void everyDescribedOperationIsARoute() {
    Set<String> known = new HashSet<>();
    routes.forEach(r -> known.add(r.method().toLowerCase(Locale.ROOT) + " " + r.template()));
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
        String method = methods.next();
        if (METHODS.contains(method)) {
          assertThat(known).contains(method + " " + path.getKey());
        }
      }
    }
  }

  @Test
  void everyProtectedOperationAnswersProblemsForAuthAndRoles() {
    for (Route route : routes) {
      JsonNode operation =
          doc.path("paths").path(route.template()).path(route.method().toLowerCase(Locale.ROOT));
      if (route.feature() == Route.Feature.OPEN) {
        assertThat(operation.get("security")).as(route.template()).isEmpty();
        continue;
      }
      JsonNode responses = operation.get("responses");
      assertThat(responses.has("200") || responses.has("201"))
          .as(route.template() + " answers success")
          .isTrue();
      for (String status : List.of("401", "403", "500", "503")) {
        assertThat(responses.has(status)).as(route.template() + " " + status).isTrue();
      }
      for (Role role : route.roles()) {
        assertThat(operation.get("description").asText())
            .as(route.template() + " names its roles")
            .contains("`" + role.claim() + "`");
      }
    }
    for (Iterator<JsonNode> problems = doc.at("/components/responses").elements();
        problems.hasNext(); ) {
      assertThat(problems.next().at("/content/application~1problem+json/schema/$ref").asText())
          .isEqualTo("#/components/schemas/Problem");
    }
  }

  @Test
  void everyReferenceResolves() {
    check(doc);
  }

  private void check(JsonNode node) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null) {
        assertThat(doc.at(ref.asText().substring(1)).isMissingNode()).as(ref.asText()).isFalse();
      }
      node.elements().forEachRemaining(this::check);
    } else if (node.isArray()) {
      node.elements().forEachRemaining(this::check);
    }
  }
}
