package dev.drawbridge.postgres.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which parameters of an agent's startup packet reach the upstream. Only settings a client
 * legitimately sets are forwarded; anything that could change the role, open a replication session
 * or set arbitrary server options is refused, because it would run with the gateway's credential
 * and could bypass policy.
 */
final class StartupParameters {

  /** Forwarded as given; names compared without case, as PostgreSQL does. */
  static final Set<String> FORWARDED =
      Set.of(
          "application_name",
          "client_encoding",
          "datestyle",
          "timezone",
          "extra_float_digits",
          "intervalstyle",
          "search_path",
          "statement_timeout",
          "lock_timeout",
          "idle_in_transaction_session_timeout",
          "default_transaction_isolation",
          "default_transaction_read_only",
          "bytea_output");

  /** Read by the gateway itself and replaced by the connection's own. */
  private static final Set<String> GATEWAY = Set.of("user", "database");

  sealed interface Result {}

  /** Parameters to pass on, in the order the agent sent them. */
  record Forward(Map<String, String> parameters) implements Result {}

  /** A parameter the gateway refuses, and why. */
  record Refuse(String name, String why) implements Result {}

  private StartupParameters() {}

  static Result filter(Map<String, String> sent) {
    Map<String, String> forward = new LinkedHashMap<>();
    for (Map.Entry<String, String> parameter : sent.entrySet()) {
      String name = parameter.getKey();
      String key = name.toLowerCase(Locale.ROOT);
      if (GATEWAY.contains(key)) {
        continue;
      }
      if (!FORWARDED.contains(key)) {
        return new Refuse(name, why(key));
      }
      if (key.equals("search_path") && catalogNotFirst(parameter.getValue())) {
        return new Refuse(
            name,
            "a search_path that puts a schema before pg_catalog lets its objects shadow the"
                + " catalog the gateway reads freely; leave pg_catalog out or put it first");
      }
      if (key.equals("client_encoding")) {
        Optional<String> problem = ReadableSettings.encodingProblem(parameter.getValue());
        if (problem.isPresent()) {
          return new Refuse(name, problem.get());
        }
      }
      forward.put(name, parameter.getValue());
    }
    return new Forward(forward);
  }

  private static boolean catalogNotFirst(String searchPath) {
    String[] entries = searchPath.split(",");
    for (int i = 1; i < entries.length; i++) {
      if (entries[i].strip().replace("\"", "").equalsIgnoreCase("pg_catalog")) {
        return true;
      }
    }
    return false;
  }

  private static String why(String key) {
    return switch (key) {
      case "options" ->
          "it can set any server setting, including the role the gateway's credential runs as";
      case "replication" -> "a replication session streams data past statement policy";
      case "role", "session_authorization" ->
          "it would change the role the gateway's credential runs as";
      default ->
          key.startsWith("_pq_.")
              ? "protocol extensions are not supported"
              : "it is not one of the settings the gateway forwards ("
                  + String.join(", ", FORWARDED.stream().sorted().toList())
                  + "); set it with SET once connected";
    };
  }
}
