package dev.drawbridge.server.admin.api;

import dev.drawbridge.core.model.Identity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One endpoint of the admin API: a method and a path template ({@code /api/v1/approvals/{id}}),
 * what it needs, and what it does.
 *
 * @param method the HTTP method ({@code HEAD} is answered wherever {@code GET} is)
 * @param template the path, with {@code {name}} for a segment that is a parameter
 * @param feature the desk it needs, or {@link Feature#OPEN} for one that needs neither a desk nor a
 *     token
 * @param roles the caller needs one of these (or {@code admin})
 * @param what what it does, in a few words, for messages ({@code approving a request})
 * @param endpoint the work; it runs off the event loops
 */
record Route(
    String method,
    String template,
    Feature feature,
    Set<Role> roles,
    String what,
    Endpoint endpoint) {

  /** What a route needs the gateway to have. */
  enum Feature {
    OPEN,
    APPROVALS,
    GRANTS,
    AUDIT,
    REVIEWS
  }

  /** What a route does once the caller is known and allowed. */
  @FunctionalInterface
  interface Endpoint {
    ApiResponse call(Call call);
  }

  /**
   * A call to an endpoint.
   *
   * @param caller who calls (null on an open route)
   * @param parameters the template's parameters, decoded
   * @param request the request
   */
  record Call(Identity caller, Map<String, String> parameters, ApiRequest request) {
    String parameter(String name) {
      return parameters.get(name);
    }
  }

  Route {
    roles = Set.copyOf(roles);
  }

  List<String> templateSegments() {
    return List.of(template.substring(1).split("/", -1));
  }

  /** The template's parameters when {@code segments} fit it. */
  Optional<Map<String, String>> match(List<String> segments) {
    List<String> expected = templateSegments();
    if (expected.size() != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < expected.size(); i++) {
      String want = expected.get(i);
      String have = segments.get(i);
      if (want.startsWith("{") && want.endsWith("}")) {
        if (have.isEmpty()) {
          return Optional.empty();
        }
        parameters.put(want.substring(1, want.length() - 1), have);
      } else if (!want.equals(have)) {
        return Optional.empty();
      }
    }
    return Optional.of(parameters);
  }

  /** Whether {@code identity} may call it. */
  boolean allows(Identity identity) {
    return roles.stream().anyMatch(role -> identity.hasRole(role.claim()));
  }
}
