package dev.drawbridge.server.admin.api;

import dev.drawbridge.audit.query.RecordSource;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.ports.Authenticator;
import dev.drawbridge.policy.approval.ApprovalDesk;
import dev.drawbridge.policy.approval.GrantDesk;
import dev.drawbridge.policy.approval.PolicyStore;
import dev.drawbridge.server.review.AccessReviews;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@code /api/v1} (docs/admin-api.md). A call is routed (404, 405), checked for
 * the desk it needs (503), its bearer token authenticated (401) and its role checked (403) without
 * blocking the caller's thread; the endpoint itself, which may reach the database, then runs on the
 * executor given here, never on an event loop.
 */
public final class AdminApi {

  /** Every path of the API starts with this. */
  public static final String PREFIX = "/api/v1";

  static final String OPENAPI_PATH = PREFIX + "/openapi.json";
  static final String OPENAPI_RESOURCE = "openapi.json";

  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

  private final BearerAuth auth;
  private final boolean approvals;
  private final boolean grants;
  private final boolean audit;
  private final boolean reviews;
  private final Executor executor;
  private final List<Route> routes;
  private final String openApi;

  /**
   * An API on these desks.
   *
   * @param authenticator checks bearer tokens (the gateway's token authenticator); null disables
   *     every call that needs a token
   * @param approvalDesk the approvals desk, or null when the gateway has none ({@code
   *     /api/v1/approvals} then answers 503)
   * @param grantDesk the grants desk, or null when the gateway has none ({@code /api/v1/grants}
   *     then answers 503)
   * @param auditTrail where sessions and events are read (the audit database, or the journal), or
   *     null ({@code /api/v1/sessions} and {@code /api/v1/events} then answer 503)
   * @param executor where endpoints run (they may block on the database); never an event loop
   */
  public AdminApi(
      Authenticator authenticator,
      ApprovalDesk approvalDesk,
      GrantDesk grantDesk,
      RecordSource auditTrail,
      Executor executor) {
    this(authenticator, approvalDesk, grantDesk, auditTrail, null, executor);
  }

  /**
   * An API on these desks, with access reviews.
   *
   * @param reviews the access reviews desk, or null when the gateway has none (no {@code
   *     store.postgres}: {@code /api/v1/reviews} then answers 503 and says so)
   */
  public AdminApi(
      Authenticator authenticator,
      ApprovalDesk approvalDesk,
      GrantDesk grantDesk,
      RecordSource auditTrail,
      AccessReviews reviews,
      Executor executor) {
    this.auth = authenticator == null ? null : new BearerAuth(authenticator);
    this.approvals = authenticator != null && approvalDesk != null;
    this.grants = authenticator != null && grantDesk != null;
    this.audit = authenticator != null && auditTrail != null;
    this.reviews = authenticator != null && reviews != null;
    this.executor = executor;
    List<Route> all = new ArrayList<>();
    all.add(
        new Route(
            "GET",
            OPENAPI_PATH,
            Route.Feature.OPEN,
            Set.of(),
            "the API description",
            this::openApi));
    all.addAll(new ApprovalEndpoints(approvalDesk).routes());
    all.addAll(new GrantEndpoints(grantDesk).routes());
    all.addAll(new AuditEndpoints(auditTrail).routes());
    all.addAll(new ReviewEndpoints(reviews).routes());
    all.addAll(new SimulationEndpoints(auditTrail).routes());
    this.routes = List.copyOf(all);
    this.openApi = readOpenApi();
  }

  /** An API without the audit trail. */
  public AdminApi(
      Authenticator authenticator,
      ApprovalDesk approvalDesk,
      GrantDesk grantDesk,
      Executor executor) {
    this(authenticator, approvalDesk, grantDesk, null, executor);
  }

  /** An API without desks: only the description answers; every other call is 503. */
  public static AdminApi disabled() {
    return new AdminApi(null, null, null, Runnable::run);
  }

  /** Whether {@code path} belongs to the API. */
  public static boolean owns(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
  }

  /** Every route, in the order they are matched. */
  List<Route> routes() {
    return routes;
  }

  /**
   * Answers one request. The stage completes normally: every failure is a problem answer. It may
   * complete on the authenticator's or the executor's thread.
   */
  public CompletionStage<ApiResponse> handle(ApiRequest request) {
    try {
      return dispatch(request).exceptionally(failure -> failed(request, failure));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failed(request, e));
    }
  }

  private CompletionStage<ApiResponse> dispatch(ApiRequest request) {
    String method = request.method().equals("HEAD") ? "GET" : request.method();
    List<String> segments = request.segments();
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Optional<Map<String, String>> parameters = route.match(segments);
      if (parameters.isEmpty()) {
        continue;
      }
      if (route.method().equals(method)) {
        return call(route, parameters.get(), request);
      }
      allowed.add(route.method());
      if (route.method().equals("GET")) {
        allowed.add("HEAD");
      }
    }
    if (!allowed.isEmpty()) {
      String allow = String.join(", ", allowed);
      return done(
          Problem.of(
              405,
              request.method() + " is not allowed on " + request.path() + "; it answers " + allow,
              Map.of("Allow", allow)));
    }
    return done(
        Problem.of(
            404,
            "no admin API endpoint "
                + request.path()
                + "; the endpoints are described at "
                + OPENAPI_PATH));
  }

  private CompletionStage<ApiResponse> call(
      Route route, Map<String, String> parameters, ApiRequest request) {
    if (route.feature() == Route.Feature.OPEN) {
      return done(route.endpoint().call(new Route.Call(null, parameters, request)));
    }
    Optional<ApiResponse> unavailable = unavailable(route.feature());
    if (unavailable.isPresent()) {
      return done(unavailable.get());
    }
    return auth.identify(request)
        .thenCompose(
            caller -> {
              if (!route.allows(caller)) {
                return done(forbidden(route, caller));
              }
              Route.Call call = new Route.Call(caller, parameters, request);
              return CompletableFuture.supplyAsync(() -> route.endpoint().call(call), executor);
            });
  }

  private Optional<ApiResponse> unavailable(Route.Feature feature) {
    return switch (feature) {
      case OPEN -> Optional.empty();
      case APPROVALS ->
          approvals
              ? Optional.empty()
              : Optional.of(
                  Problem.of(
                      503, "approvals are not enabled on this gateway: it has no approval desk"));
      case GRANTS ->
          grants
              ? Optional.empty()
              : Optional.of(
                  Problem.of(503, "grants are not served on this gateway: it has no grant desk"));
      case AUDIT ->
          audit
              ? Optional.empty()
              : Optional.of(Problem.of(503, "the audit trail is not served on this gateway"));
      case REVIEWS ->
          reviews
              ? Optional.empty()
              : Optional.of(
                  Problem.of(
                      503,
                      "access reviews need store.postgres: campaigns live in its schema policy"
                          + " and their evidence in its schema audit; configure store.postgres"
                          + " (docs/configuration.md)"));
    };
  }

  private static ApiResponse forbidden(Route route, Identity caller) {
    String needed =
        route.roles().stream().map(Role::claim).sorted().collect(Collectors.joining("' or '"));
    String held =
        caller.roles().isEmpty()
            ? "no roles"
            : "the roles " + caller.roles().stream().sorted().collect(Collectors.joining(", "));
    return Problem.of(
        403,
        route.what()
            + " needs the role '"
            + needed
            + "' (or 'admin'); '"
            + caller.subject()
            + "' has "
            + held);
  }

  private ApiResponse openApi(Route.Call call) {
    return ApiResponse.json(200, openApi);
  }

  private static ApiResponse failed(ApiRequest request, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof ProblemException problem) {
      return problem.response();
    }
    if (cause instanceof RejectedExecutionException) {
      return Problem.of(503, "the gateway is shutting down");
    }
    if (cause instanceof PolicyStore.Unavailable unavailable) {
      log.warn("admin API {} {}: {}", request.method(), request.uri(), unavailable.getMessage());
      return Problem.of(
          503, "the policy store (store.postgres) cannot be reached; the gateway's log says why");
    }
    log.error(
        "admin API {} {} failed ({}); answered 500",
        request.method(),
        request.uri(),
        cause.getClass().getName(),
        cause);
    return Problem.of(500, "the call failed inside the gateway; its log says why");
  }

  private static CompletionStage<ApiResponse> done(ApiResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  static String readOpenApi() {
    try (InputStream in = AdminApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
    }
  }
}
