package dev.drawbridge.audit.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.core.model.SessionInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The one encoding of an event that is written, shipped and hashed: compact JSON, keys in a fixed
 * order (the envelope {@code v, id, chain, seq, prev, time, type}, then the event's own fields),
 * times in UTC with exactly six fractional digits (PostgreSQL's precision). The same event and link
 * always give the same bytes, so a record's SHA-256 can be recomputed from what is stored.
 * Statement text arrives already redacted (see the operation's contract); nothing here is a token
 * or an upstream credential.
 */
public final class CanonicalEncoding {

  /** The format's version, the first key of every record. */
  public static final int VERSION = 1;

  /**
   * The type of a session's anchor in the gateway run's chain (see {@link #sessionOpened}); it is
   * made by the audit store, not by the gateway, so it has no {@link AuditEvent}.
   */
  public static final String SESSION_OPENED = "session.opened";

  static final int MAX_NAME = 512;
  static final int MAX_PROSE = 8192;
  static final int MAX_TEXT = 65536;
  private static final java.util.Set<String> PROSE =
      java.util.Set.of("reason", "remedy", "recovery", "textSha256");

  private static final JsonFactory JSON = new JsonFactory();

  /** Every key records use, pre-encoded; a key not listed is encoded when written. */
  private static final Map<String, SerializableString> KEYS = keys();

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private CanonicalEncoding() {}

  /** A time as records write it: {@code 2026-11-24T19:16:19.964836Z}. */
  public static String time(Instant instant) {
    LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    if (utc.getYear() < 0 || utc.getYear() > 9999) {
      return TIME.format(instant.truncatedTo(ChronoUnit.MICROS));
    }
    char[] out = "0000-00-00T00:00:00.000000Z".toCharArray();
    digits(out, 0, 4, utc.getYear());
    digits(out, 5, 2, utc.getMonthValue());
    digits(out, 8, 2, utc.getDayOfMonth());
    digits(out, 11, 2, utc.getHour());
    digits(out, 14, 2, utc.getMinute());
    digits(out, 17, 2, utc.getSecond());
    digits(out, 20, 6, instant.getNano() / 1_000);
    return new String(out);
  }

  private static void digits(char[] out, int at, int width, int value) {
    int rest = value;
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + rest % 10);
      rest /= 10;
    }
  }

  public static byte[] encode(AuditEvent event, ChainLink link) {
    return encode(event.id(), event.time(), event.type(), link, json -> body(json, event));
  }

  /**
   * The anchor of a session in the gateway run's chain: a {@value #SESSION_OPENED} event naming the
   * session and the SHA-256 of its first record (its {@code session.start}), at the session's start
   * time, so that removing the session whole is found by verifying the run's chain.
   *
   * @param id the anchor's own id
   * @param start the session's start, as recorded
   * @param startHash the SHA-256 of the start's record
   * @param link the anchor's position in the run's chain
   */
  public static byte[] sessionOpened(
      UUID id, AuditEvent.SessionStart start, String startHash, ChainLink link) {
    return encode(
        id,
        start.time(),
        SESSION_OPENED,
        link,
        json -> {
          string(json, "session", start.session().id().toString());
          string(json, "startSha256", startHash);
        });
  }

  /** Writes an event's own fields, after its envelope. */
  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private static byte[] encode(UUID id, Instant time, String type, ChainLink link, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = new NulFreeGenerator(JSON.createGenerator(out))) {
      json.writeStartObject();
      number(json, "v", VERSION);
      string(json, "id", id.toString());
      string(json, "chain", link.chain().toString());
      number(json, "seq", link.seq());
      string(json, "prev", link.prev());
      string(json, "time", time(time));
      string(json, "type", type);
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode an audit event in memory", e);
    }
    return out.toByteArray();
  }

  private static void body(JsonGenerator json, AuditEvent event) throws IOException {
    switch (event) {
      case AuditEvent.SessionStart start -> session(json, start.session());
      case AuditEvent.SessionEnd end -> {
        string(json, "session", end.session().toString());
        number(json, "durationMs", end.duration().toMillis());
        number(json, "bytesFromAgent", end.bytesFromAgent());
        number(json, "bytesToAgent", end.bytesToAgent());
        string(json, "reason", end.reason());
      }
      case AuditEvent.OperationDecided decided -> operation(json, decided);
      case AuditEvent.OperationResult result -> {
        string(json, "session", result.session().toString());
        number(json, "operation", result.sequence());
        number(json, "rows", result.rows());
        number(json, "durationUs", result.duration().toNanos() / 1_000);
        string(json, "status", result.status());
      }
      case AuditEvent.AuthFailure failure -> {
        string(json, "protocol", lower(failure.protocol().name()));
        string(json, "connection", failure.connection());
        string(json, "claimedAgent", failure.claimedAgent());
        string(json, "client", address(failure.clientAddress()));
        string(json, "reason", failure.reason());
      }
      case AuditEvent.Gap gap -> {
        number(json, "lost", gap.lost());
        string(json, "from", time(gap.from()));
        string(json, "to", time(gap.to()));
        string(json, "reason", gap.reason());
      }
      case AuditEvent.GatewayStart start -> {
        string(json, "gateway", start.gateway());
        string(json, "version", start.version());
        string(json, "recovery", start.recovery());
      }
      case AuditEvent.ApprovalRequested requested -> {
        string(json, "session", requested.session().toString());
        number(json, "operation", requested.sequence());
        string(json, "approval", requested.approval());
        string(json, "grant", requested.grantId());
        string(json, "reason", requested.reason());
        string(json, "deadline", time(requested.deadline()));
      }
      case AuditEvent.ApprovalDecided decided -> {
        string(json, "session", decided.session().toString());
        number(json, "operation", decided.sequence());
        string(json, "approval", decided.approval());
        PolicyEventEncoding.verdict(json, decided.verdict());
      }
      case AuditEvent.GrantCreated created -> PolicyEventEncoding.grant(json, created);
      case AuditEvent.GrantRevoked revoked -> {
        string(json, "grant", revoked.grantId());
        string(json, "actor", revoked.actor());
        string(json, "reason", revoked.reason());
      }
      case AuditEvent.ReviewDecided decided -> PolicyEventEncoding.review(json, decided);
    }
  }

  private static void session(JsonGenerator json, SessionInfo session) throws IOException {
    Identity identity = session.identity();
    string(json, "session", session.id().toString());
    string(json, "protocol", lower(session.protocol().name()));
    string(json, "connection", session.connection());
    string(json, "agent", identity.agent());
    string(json, "subject", identity.subject());
    string(json, "issuer", identity.issuer());
    string(json, "method", lower(identity.method().name()));
    array(json, "groups");
    for (String group : new TreeSet<>(identity.groups())) {
      json.writeString(group);
    }
    json.writeEndArray();
    string(json, "client", address(session.clientAddress()));
  }

  private static void operation(JsonGenerator json, AuditEvent.OperationDecided decided)
      throws IOException {
    Operation operation = decided.operation();
    string(json, "session", operation.session().id().toString());
    string(json, "agent", operation.identity().agent());
    string(json, "connection", operation.connection());
    number(json, "operation", operation.sequence());
    string(json, "action", operation.action().configName());
    string(json, "verb", operation.verb());
    array(json, "resources");
    for (Resource resource : operation.resources()) {
      resource(json, resource);
    }
    json.writeEndArray();
    text(json, operation.text());
    switch (decided.decision()) {
      case Decision.Allow allow -> {
        string(json, "decision", "allow");
        string(json, "grant", allow.grantId());
      }
      case Decision.Deny deny -> {
        string(json, "decision", "deny");
        string(json, "reason", deny.reason());
        string(json, "remedy", deny.remedy());
      }
      case Decision.Review review -> {
        string(json, "decision", "review");
        string(json, "grant", review.grantId());
        string(json, "reason", review.reason());
      }
    }
  }

  private static void resource(JsonGenerator json, Resource resource) throws IOException {
    json.writeStartObject();
    switch (resource) {
      case Resource.Table table -> {
        string(json, "kind", "table");
        string(json, "name", table.qualifiedName());
        strings(json, "columns", table.columns());
      }
      case Resource.Function function -> {
        string(json, "kind", "function");
        string(json, "name", function.qualifiedName());
      }
      case Resource.Path path -> {
        string(json, "kind", "path");
        string(json, "method", path.method());
        string(json, "name", path.path());
      }
      case Resource.Command command -> {
        string(json, "kind", "command");
        string(json, "name", command.argv().getFirst());
        strings(json, "argv", command.argv());
      }
      case Resource.File file -> {
        string(json, "kind", "file");
        string(json, "name", file.path());
      }
    }
    json.writeEndObject();
  }

  static void string(JsonGenerator json, String name, String value) throws IOException {
    json.writeFieldName(key(name));
    json.writeString(capped(name, value));
  }

  /**
   * A value as a record holds it: names and addresses (which can come from an unauthenticated
   * client) at most {@value #MAX_NAME} characters, so that an indexed column can always take them;
   * reasons at most {@value #MAX_PROSE}. Statement text is capped separately ({@link #text}).
   */
  private static String capped(String name, String value) {
    if (value == null || value.length() <= MAX_NAME) {
      return value;
    }
    int max = PROSE.contains(name) ? MAX_PROSE : MAX_NAME;
    return value.length() <= max ? value : value.substring(0, max) + "…";
  }

  /**
   * A statement's text, whole up to {@value #MAX_TEXT} characters; a longer one is recorded as its
   * beginning, with its full length and the SHA-256 of all of it, so that no statement is too big
   * to record and what ran can still be matched exactly.
   */
  private static void text(JsonGenerator json, String text) throws IOException {
    json.writeFieldName(key("text"));
    if (text.length() <= MAX_TEXT) {
      json.writeString(text);
      return;
    }
    json.writeString(text.substring(0, MAX_TEXT));
    number(json, "textLength", text.length());
    string(json, "textSha256", Hashes.sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  static void number(JsonGenerator json, String name, long value) throws IOException {
    json.writeFieldName(key(name));
    json.writeNumber(value);
  }

  static void array(JsonGenerator json, String name) throws IOException {
    json.writeFieldName(key(name));
    json.writeStartArray();
  }

  /** A key's quoted, encoded form, made once: the generator copies it instead of encoding it. */
  static SerializableString key(String name) {
    SerializableString key = KEYS.get(name);
    return key != null ? key : new SerializedString(name);
  }

  private static Map<String, SerializableString> keys() {
    Map<String, SerializableString> keys = new HashMap<>();
    for (String name :
        List.of(
            "v",
            "id",
            "chain",
            "seq",
            "prev",
            "time",
            "type",
            "session",
            "protocol",
            "connection",
            "agent",
            "subject",
            "issuer",
            "method",
            "groups",
            "client",
            "operation",
            "action",
            "verb",
            "resources",
            "text",
            "decision",
            "grant",
            "reason",
            "remedy",
            "kind",
            "name",
            "columns",
            "argv",
            "rows",
            "durationUs",
            "status",
            "durationMs",
            "bytesFromAgent",
            "bytesToAgent",
            "claimedAgent",
            "lost",
            "from",
            "to",
            "gateway",
            "version",
            "recovery",
            "approval",
            "deadline",
            "approver",
            "until",
            "waitedMs",
            "group",
            "allow",
            "review",
            "deny",
            "actions",
            "tables",
            "timeoutMs",
            "limits",
            "rowsPerStatement",
            "owner",
            "expiresAt",
            "creator",
            "actor",
            "campaign",
            "reviewer",
            "applied",
            "startSha256")) {
      keys.put(name, new SerializedString(name));
    }
    return Map.copyOf(keys);
  }

  private static void strings(JsonGenerator json, String name, List<String> values)
      throws IOException {
    array(json, name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  /** A list of names, each capped like any other name. */
  static void names(JsonGenerator json, String name, List<String> values) throws IOException {
    array(json, name);
    for (String value : values) {
      json.writeString(capped(name, value));
    }
    json.writeEndArray();
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String address(InetSocketAddress address) {
    return address.getAddress() == null
        ? address.getHostString()
        : address.getAddress().getHostAddress();
  }
}
