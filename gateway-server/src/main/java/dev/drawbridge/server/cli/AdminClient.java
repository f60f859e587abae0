package dev.drawbridge.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every command that calls the gateway's admin API shares ({@code --admin URL}, {@code
 * --token-file PATH}), and the call itself: problems are printed on standard error and turned into
 * exit statuses. The token is never an argument: it would show in {@code ps}.
 */
final class AdminClient {

  static final String URL_ENV = "DRAWBRIDGE_ADMIN_URL";
  static final String TOKEN_ENV = "DRAWBRIDGE_ADMIN_TOKEN";
  static final String DEFAULT_URL = "http://127.0.0.1:8081";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  @Option(
      names = "--admin",
      paramLabel = "URL",
      defaultValue = "${env:" + URL_ENV + ":-" + DEFAULT_URL + "}",
      description =
          "The gateway's admin listener (default: $" + URL_ENV + ", else " + DEFAULT_URL + ").")
  String admin;

  @Option(
      names = "--token-file",
      paramLabel = "PATH",
      description =
          "A file that holds the bearer token, a JWT with roles (default: the token in $"
              + TOKEN_ENV
              + ").")
  Path tokenFile;

  /** What to do with a successful answer's JSON body; returns the exit status. */
  @FunctionalInterface
  interface OnSuccess {
    int accept(JsonNode body, PrintWriter out);
  }

  /**
   * Calls the API and hands a 2xx answer to {@code onSuccess}; anything else is printed on standard
   * error.
   *
   * @param path the path below the admin URL ({@code /api/v1/approvals})
   * @param body the JSON body, or null for none
   * @return the exit status
   */
  int call(
      CommandLine.Model.CommandSpec spec,
      String method,
      String path,
      ObjectNode body,
      OnSuccess onSuccess) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return call(method, path, body, onSuccess, out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int call(
      String method,
      String path,
      ObjectNode body,
      OnSuccess onSuccess,
      PrintWriter out,
      PrintWriter err) {
    Optional<URI> base = base(err);
    if (base.isEmpty()) {
      return ExitCodes.ERROR;
    }
    Optional<String> token = token(err);
    if (token.isEmpty()) {
      return ExitCodes.ERROR;
    }
    URI target = URI.create(base.get() + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + token.get())
            .header("Accept", "application/json, application/problem+json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json(body)));
    }
    HttpResponse<String> response;
    try (HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build()) {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      err.println(
          "drawbridge: cannot reach the admin API at "
              + base.get()
              + ": connection refused"
              + " (is the gateway running with an admin listener there? see --admin)");
      return ExitCodes.ERROR;
    } catch (HttpTimeoutException e) {
      err.println("drawbridge: the admin API at " + base.get() + " did not answer in time");
      return ExitCodes.ERROR;
    } catch (IOException e) {
      err.println("drawbridge: cannot reach the admin API at " + base.get() + ": " + describe(e));
      return ExitCodes.ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("drawbridge: interrupted");
      return ExitCodes.ERROR;
    }
    int status = response.statusCode();
    Optional<JsonNode> answer = parse(response.body());
    if (status >= 200 && status < 300 && answer.isPresent()) {
      return onSuccess.accept(answer.get(), out);
    }
    err.println("drawbridge: " + problem(status, answer, response.body()));
    return exitCode(status);
  }

  /** The exit status for an HTTP status that is not a success. */
  static int exitCode(int status) {
    return switch (status) {
      case 401, 403 -> ExitCodes.NOT_ALLOWED;
      case 404 -> ExitCodes.NOT_FOUND;
      case 409 -> ExitCodes.CONFLICT;
      default -> ExitCodes.ERROR;
    };
  }

  private static String problem(int status, Optional<JsonNode> answer, String raw) {
    if (answer.isPresent() && answer.get().hasNonNull("detail")) {
      JsonNode problem = answer.get();
      String title = problem.path("title").asText("");
      return status + (title.isEmpty() ? "" : " " + title) + ": " + problem.get("detail").asText();
    }
    String text = raw == null ? "" : raw.strip().replaceAll("\\s+", " ");
    return status
        + (text.isEmpty()
            ? ""
            : ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
  }

  private Optional<URI> base(PrintWriter err) {
    String text = admin == null ? DEFAULT_URL : admin.strip();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    String scheme =
        uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri == null
        || uri.getHost() == null
        || !(scheme.equals("http") || scheme.equals("https"))) {
      err.println(
          "drawbridge: --admin must be an http(s) URL such as "
              + DEFAULT_URL
              + "; got '"
              + text
              + "'");
      return Optional.empty();
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      err.println(
          "warning: the token is sent in the clear to "
              + uri.getHost()
              + "; use https, or reach the admin listener over loopback or a tunnel");
    }
    return Optional.of(uri);
  }

  private Optional<String> token(PrintWriter err) {
    String token;
    if (tokenFile != null) {
      try {
        token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        err.println("drawbridge: cannot read --token-file " + tokenFile + ": " + describe(e));
        return Optional.empty();
      }
      if (token.isEmpty()) {
        err.println("drawbridge: --token-file " + tokenFile + " is empty");
        return Optional.empty();
      }
    } else {
      String fromEnv = System.getenv(TOKEN_ENV);
      token = fromEnv == null ? "" : fromEnv.strip();
      if (token.isEmpty()) {
        err.println(
            "drawbridge: no admin token: pass --token-file PATH or set "
                + TOKEN_ENV
                + " (an approver mints one with: drawbridge token mint --config FILE"
                + " --subject YOU --role approver)");
        return Optional.empty();
      }
    }
    if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      err.println("drawbridge: the admin token must be one line of printable characters");
      return Optional.empty();
    }
    return Optional.of(token);
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  /** A path segment, percent-encoded. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  private static String json(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  private static Optional<JsonNode> parse(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readTree(body));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
