package dev.drawbridge.audit.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

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

  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private CanonicalEncoding() {}

  /** A time as records write it. */
  public static String time(Instant instant) {
    return TIME.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  public static byte[] encode(AuditEvent event, ChainLink link) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = new NulFreeGenerator(JSON.createGenerator(out))) {
      json.writeStartObject();
      json.writeNumberField("v", VERSION);
      json.writeStringField("id", event.id().toString());
      json.writeStringField("chain", link.chain().toString());
      json.writeNumberField("seq", link.seq());
      json.writeStringField("prev", link.prev());
      json.writeStringField("time", time(event.time()));
      json.writeStringField("type", event.type());
      body(json, event);
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
        json.writeStringField("session", end.session().toString());
        json.writeNumberField("durationMs", end.duration().toMillis());
        json.writeNumberField("bytesFromAgent", end.bytesFromAgent());
        json.writeNumberField("bytesToAgent", end.bytesToAgent());
        json.writeStringField("reason", end.reason());
      }
      case AuditEvent.OperationDecided decided -> operation(json, decided);
      case AuditEvent.OperationResult result -> {
        json.writeStringField("session", result.session().toString());
        json.writeNumberField("operation", result.sequence());
        json.writeNumberField("rows", result.rows());
        json.writeNumberField("durationUs", result.duration().toNanos() / 1_000);
        json.writeStringField("status", result.status());
      }
      case AuditEvent.AuthFailure failure -> {
        json.writeStringField("protocol", lower(failure.protocol().name()));
        json.writeStringField("connection", failure.connection());
        json.writeStringField("claimedAgent", failure.claimedAgent());
        json.writeStringField("client", address(failure.clientAddress()));
        json.writeStringField("reason", failure.reason());
      }
      case AuditEvent.Gap gap -> {
        json.writeNumberField("lost", gap.lost());
        json.writeStringField("from", time(gap.from()));
        json.writeStringField("to", time(gap.to()));
        json.writeStringField("reason", gap.reason());
      }
      case AuditEvent.GatewayStart start -> {
        json.writeStringField("gateway", start.gateway());
        json.writeStringField("version", start.version());
        json.writeStringField("recovery", start.recovery());
      }
    }
  }

  private static void session(JsonGenerator json, SessionInfo session) throws IOException {
    Identity identity = session.identity();
    json.writeStringField("session", session.id().toString());
    json.writeStringField("protocol", lower(session.protocol().name()));
    json.writeStringField("connection", session.connection());
    json.writeStringField("agent", identity.agent());
    json.writeStringField("subject", identity.subject());
    json.writeStringField("issuer", identity.issuer());
    json.writeStringField("method", lower(identity.method().name()));
    json.writeArrayFieldStart("groups");
    for (String group : new TreeSet<>(identity.groups())) {
      json.writeString(group);
    }
    json.writeEndArray();
    json.writeStringField("client", address(session.clientAddress()));
  }

  private static void operation(JsonGenerator json, AuditEvent.OperationDecided decided)
      throws IOException {
    Operation operation = decided.operation();
    json.writeStringField("session", operation.session().id().toString());
    json.writeStringField("agent", operation.identity().agent());
    json.writeStringField("connection", operation.connection());
    json.writeNumberField("operation", operation.sequence());
    json.writeStringField("action", operation.action().configName());
    json.writeStringField("verb", operation.verb());
    json.writeArrayFieldStart("resources");
    for (Resource resource : operation.resources()) {
      resource(json, resource);
    }
    json.writeEndArray();
    json.writeStringField("text", operation.text());
    switch (decided.decision()) {
      case Decision.Allow allow -> {
        json.writeStringField("decision", "allow");
        json.writeStringField("grant", allow.grantId());
      }
      case Decision.Deny deny -> {
        json.writeStringField("decision", "deny");
        json.writeStringField("reason", deny.reason());
        json.writeStringField("remedy", deny.remedy());
      }
      case Decision.Review review -> {
        json.writeStringField("decision", "review");
        json.writeStringField("grant", review.grantId());
        json.writeStringField("reason", review.reason());
      }
    }
  }

  private static void resource(JsonGenerator json, Resource resource) throws IOException {
    json.writeStartObject();
    switch (resource) {
      case Resource.Table table -> {
        json.writeStringField("kind", "table");
        json.writeStringField("name", table.qualifiedName());
        strings(json, "columns", table.columns());
      }
      case Resource.Function function -> {
        json.writeStringField("kind", "function");
        json.writeStringField("name", function.qualifiedName());
      }
      case Resource.Path path -> {
        json.writeStringField("kind", "path");
        json.writeStringField("method", path.method());
        json.writeStringField("name", path.path());
      }
      case Resource.Command command -> {
        json.writeStringField("kind", "command");
        json.writeStringField("name", command.argv().getFirst());
        strings(json, "argv", command.argv());
      }
      case Resource.File file -> {
        json.writeStringField("kind", "file");
        json.writeStringField("name", file.path());
      }
    }
    json.writeEndObject();
  }

  private static void strings(JsonGenerator json, String name, List<String> values)
      throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
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
