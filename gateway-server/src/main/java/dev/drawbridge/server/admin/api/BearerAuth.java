package dev.drawbridge.server.admin.api;

import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.ports.AuthResult;
import dev.drawbridge.core.ports.Authenticator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Establishes who calls the admin API from {@code Authorization: Bearer <JWT>}, with the gateway's
 * own token authenticator. Only JWTs are accepted: an agent key names an agent, never a person with
 * admin roles. Refusals are 401 problems with a {@code WWW-Authenticate: Bearer} challenge (RFC
 * 6750) that repeats the authenticator's reason.
 */
final class BearerAuth {

  static final String REALM = "drawbridge";
  private static final String HINT =
      "admin calls need a JWT whose roles claim lists admin API roles"
          + " (drawbridge token mint --role approver, or a token from your identity provider)";

  private final Authenticator authenticator;

  BearerAuth(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** The caller, or a stage failed with a 401 {@link ProblemException}. */
  CompletionStage<Identity> identify(ApiRequest request) {
    String header = request.authorization();
    if (header == null || header.isBlank()) {
      return refused(
          "this call needs 'Authorization: Bearer <JWT>'; " + HINT,
          "Bearer realm=\"" + REALM + "\"");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return refused(
          "the Authorization header must be 'Bearer <JWT>'; " + HINT,
          "Bearer realm=\"" + REALM + "\", error=\"invalid_request\"");
    }
    String token = header.substring(7).strip();
    if (token.isEmpty()) {
      return refused(
          "the bearer token is empty; " + HINT,
          "Bearer realm=\"" + REALM + "\", error=\"invalid_request\"");
    }
    return authenticator
        .authenticate(token)
        .thenApply(
            result ->
                switch (result) {
                  case AuthResult.Authenticated(Identity identity)
                      when identity.method() == AuthMethod.JWT ->
                      identity;
                  case AuthResult.Authenticated _ ->
                      throw invalid("agent keys cannot call the admin API: " + HINT);
                  case AuthResult.Rejected(String reason) ->
                      throw invalid(
                          "token rejected: "
                              + reason
                              + (looksLikeJwt(token) ? "" : "; " + HINT + ", not an agent key"));
                });
  }

  private static CompletionStage<Identity> refused(String detail, String challenge) {
    return CompletableFuture.failedFuture(
        new ProblemException(401, detail, Map.of("WWW-Authenticate", challenge)));
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(
        401,
        detail,
        Map.of(
            "WWW-Authenticate",
            "Bearer realm=\""
                + REALM
                + "\", error=\"invalid_token\", error_description=\""
                + quotable(detail)
                + "\""));
  }

  /** RFC 6750 allows only printable ASCII without {@code "} and {@code \} in error_description. */
  private static String quotable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c == '"' || c == '\\' ? '\'' : c >= 0x20 && c <= 0x7e ? c : '?');
    }
    return out.toString();
  }

  private static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2;
  }
}
