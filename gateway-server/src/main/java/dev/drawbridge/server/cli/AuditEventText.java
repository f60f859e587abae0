package dev.drawbridge.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.audit.query.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Audit events in words, for {@code audit show} and {@code audit tail}. */
final class AuditEventText {

  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private AuditEventText() {}

  static String time(Instant time) {
    return MILLIS.format(time);
  }

  static String shortTime(Instant time) {
    return time == null ? "-" : SECONDS.format(time);
  }

  /** What the event says: one line, then the statement text of an operation, line by line. */
  static List<String> describe(StoredEvent event) {
    Optional<JsonNode> parsed = event.body();
    if (parsed.isEmpty()) {
      return List.of("(not a readable record) " + event.record());
    }
    JsonNode body = parsed.get();
    List<String> lines = new ArrayList<>();
    switch (event.type()) {
      case "session.start" ->
          lines.add(
              "agent "
                  + text(body, "agent")
                  + " (subject "
                  + text(body, "subject")
                  + ", issuer "
                  + text(body, "issuer")
                  + ", "
                  + text(body, "method")
                  + groups(body)
                  + ") from "
                  + text(body, "client")
                  + " to "
                  + text(body, "connection")
                  + " over "
                  + text(body, "protocol"));
      case "operation" -> {
        lines.add(operation(body));
        String statement = raw(body, "text");
        if (!statement.isEmpty()) {
          statement.lines().forEach(line -> lines.add(printable(line, false)));
        }
      }
      case "operation.result" ->
          lines.add(
              "op "
                  + text(body, "operation")
                  + ": "
                  + rows(body.path("rows").asLong(-1))
                  + "in "
                  + millis(body.path("durationUs").asLong())
                  + ", status "
                  + text(body, "status"));
      case "session.end" ->
          lines.add(
              text(body, "reason")
                  + " after "
                  + Duration.ofMillis(body.path("durationMs").asLong())
                      .toString()
                      .substring(2)
                      .toLowerCase(Locale.ROOT)
                  + "; "
                  + body.path("bytesFromAgent").asLong()
                  + " bytes from the agent, "
                  + body.path("bytesToAgent").asLong()
                  + " to it");
      case "auth.failure" ->
          lines.add(
              "authentication failed over "
                  + text(body, "protocol")
                  + " from "
                  + text(body, "client")
                  + " (connection "
                  + orNone(text(body, "connection"))
                  + ", claimed agent "
                  + orNone(text(body, "claimedAgent"))
                  + "): "
                  + text(body, "reason"));
      case "audit.gap" ->
          lines.add(
              body.path("lost").asLong()
                  + " event(s) not recorded from "
                  + text(body, "from")
                  + " to "
                  + text(body, "to")
                  + ": "
                  + text(body, "reason"));
      case "gateway.start" ->
          lines.add(
              "gateway "
                  + text(body, "gateway")
                  + " "
                  + text(body, "version")
                  + " started; journal: "
                  + text(body, "recovery"));
      case "approval.requested" ->
          lines.add(
              "op "
                  + text(body, "operation")
                  + ": held for approval "
                  + text(body, "approval")
                  + " under grant "
                  + text(body, "grant")
                  + " (deadline "
                  + instant(body, "deadline")
                  + ")"
                  + reason(body));
      case "session.opened" ->
          lines.add(
              "session "
                  + text(body, "session")
                  + " opened; its start hashes to "
                  + shortHash(text(body, "startSha256")));
      case "approval.decided" -> lines.add(verdict(body));
      case "grant.created" -> lines.add(grantCreated(body));
      case "grant.revoked" ->
          lines.add(
              "grant " + text(body, "grant") + " revoked by " + text(body, "actor") + reason(body));
      default -> lines.add(event.record());
    }
    return lines;
  }

  private static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }

  /** An operation on one line: {@code op 3: write DELETE on public.orders: deny: …}. */
  static String operation(JsonNode body) {
    StringBuilder line =
        new StringBuilder("op ")
            .append(text(body, "operation"))
            .append(": ")
            .append(text(body, "action"))
            .append(' ')
            .append(text(body, "verb"));
    List<String> resources = new ArrayList<>();
    for (JsonNode resource : body.path("resources")) {
      resources.add(text(resource, "name"));
    }
    if (!resources.isEmpty()) {
      line.append(" on ").append(String.join(", ", resources));
    }
    String decision = text(body, "decision");
    line.append(": ").append(decision);
    switch (decision) {
      case "allow" -> line.append(" by grant ").append(text(body, "grant"));
      case "deny" -> {
        line.append(": ").append(text(body, "reason"));
        String remedy = text(body, "remedy");
        if (!remedy.isEmpty()) {
          line.append(" (").append(remedy).append(')');
        }
      }
      case "review" ->
          line.append(" under grant ")
              .append(text(body, "grant"))
              .append(": ")
              .append(text(body, "reason"));
      default -> {}
    }
    return line.toString();
  }

  /**
   * What became of a held operation: {@code op 3: approval apr-7 approved by alice for grant tmp-1
   * until …: INC-42}.
   */
  private static String verdict(JsonNode body) {
    StringBuilder line =
        new StringBuilder("op ")
            .append(text(body, "operation"))
            .append(": approval ")
            .append(text(body, "approval"))
            .append(' ');
    String outcome = text(body, "decision");
    switch (outcome) {
      case "approved" -> {
        line.append("approved by ").append(text(body, "approver"));
        String grant = text(body, "grant");
        if (grant.isEmpty()) {
          line.append(" for this statement");
        } else {
          line.append(" for grant ").append(grant).append(" until ").append(instant(body, "until"));
        }
        line.append(reason(body));
      }
      case "denied" ->
          line.append("denied by ").append(text(body, "approver")).append(reason(body));
      case "timed-out" ->
          line.append("timed out after ").append(duration(body.path("waitedMs").asLong()));
      case "abandoned" -> line.append("abandoned").append(reason(body));
      default -> line.append(outcome).append(reason(body));
    }
    return line.toString();
  }

  /**
   * A grant as created, on one line: {@code grant tmp-1 for agent report-bot on orders-db until …,
   * created by alice (approval apr-7), owner alice: INC-42; allow write on public.orders (status)}.
   */
  private static String grantCreated(JsonNode body) {
    String agent = text(body, "agent");
    StringBuilder line =
        new StringBuilder("grant ")
            .append(text(body, "grant"))
            .append(" for ")
            .append(agent.isEmpty() ? "group " + text(body, "group") : "agent " + agent)
            .append(" on ")
            .append(text(body, "connection"))
            .append(" until ")
            .append(instant(body, "expiresAt"))
            .append(", created by ")
            .append(text(body, "creator"));
    String approval = text(body, "approval");
    if (!approval.isEmpty()) {
      line.append(" (approval ").append(approval).append(')');
    }
    line.append(", owner ").append(text(body, "owner")).append(reason(body));
    for (String kind : List.of("allow", "review", "deny")) {
      for (JsonNode rule : body.path(kind)) {
        line.append("; ").append(kind).append(' ').append(names(rule.path("actions")));
        String tables = names(rule.path("tables"));
        if (!tables.isEmpty()) {
          line.append(" on ").append(tables);
        }
        String columns = names(rule.path("columns"));
        if (!columns.isEmpty()) {
          line.append(" (").append(columns).append(')');
        }
        if (rule.has("timeoutMs")) {
          line.append(" (timeout ").append(duration(rule.path("timeoutMs").asLong())).append(')');
        }
      }
    }
    JsonNode rows = body.path("limits").path("rowsPerStatement");
    if (rows.isNumber()) {
      line.append("; at most ").append(rows.asLong()).append(" row(s) per statement");
    }
    return line.toString();
  }

  /** Milliseconds as {@code 2m30s}. */
  private static String duration(long millis) {
    return Duration.ofMillis(millis).toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static String names(JsonNode values) {
    List<String> names = new ArrayList<>();
    values.forEach(v -> names.add(v.asText()));
    return String.join(",", names);
  }

  /** {@code : why}, or nothing when no reason was given. */
  private static String reason(JsonNode body) {
    String reason = text(body, "reason");
    return reason.isEmpty() ? "" : ": " + reason;
  }

  /** A record's time field to the second, or as written when it is not a time. */
  private static String instant(JsonNode body, String field) {
    String value = text(body, field);
    try {
      return shortTime(Instant.parse(value));
    } catch (java.time.format.DateTimeParseException e) {
      return value.isEmpty() ? "-" : value;
    }
  }

  /** The statement on one line, its whitespace runs made single spaces. */
  static String oneLine(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  /** A field as a terminal may show it on one line (see {@link #printable}). */
  static String text(JsonNode body, String field) {
    return printable(raw(body, field), false);
  }

  /** A field as it was recorded: print it only through {@link #printable}. */
  static String raw(JsonNode body, String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? "" : node.asText();
  }

  /**
   * Text that an agent wrote (a statement, a table name) as a terminal may show it: control
   * characters, which could move the cursor, erase or rewrite what was printed, and invisible
   * formatting characters, which could reorder it (bidirectional overrides), are written as escapes
   * (an ESC as backslash, {@code u001b}), so an approver reads what the gateway holds and nothing
   * else. Tabs stay; line breaks stay when {@code keepNewlines}, where a carriage return is
   * escaped, and become spaces otherwise.
   */
  static String printable(String text, boolean keepNewlines) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      int next = i + Character.charCount(c);
      String replacement = null;
      if (c == '\t' || (c == '\n' && keepNewlines)) {
        replacement = null;
      } else if (!keepNewlines && (c == '\n' || c == '\r')) {
        replacement = " ";
      } else if (Character.isISOControl(c) || invisible(c)) {
        replacement =
            c > 0xFFFF
                ? String.format(Locale.ROOT, "\\U%08x", c)
                : String.format(Locale.ROOT, "\\u%04x", c);
      }
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.appendCodePoint(c);
        }
      }
      i = next;
    }
    return out == null ? text : out.toString();
  }

  private static boolean invisible(int c) {
    return switch (Character.getType(c)) {
      case Character.FORMAT,
          Character.SURROGATE,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.PRIVATE_USE,
          Character.UNASSIGNED ->
          true;
      default -> false;
    };
  }

  private static String groups(JsonNode body) {
    List<String> groups = new ArrayList<>();
    body.path("groups").forEach(g -> groups.add(g.asText()));
    return groups.isEmpty() ? "" : ", groups " + String.join(",", groups);
  }

  private static String rows(long rows) {
    return rows < 0 ? "" : rows + " row(s) ";
  }

  private static String millis(long micros) {
    return String.format(Locale.ROOT, "%.3f ms", micros / 1000.0);
  }

  private static String orNone(String value) {
    return value.isEmpty() ? "none" : value;
  }
}
