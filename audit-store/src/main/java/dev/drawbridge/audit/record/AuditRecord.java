package dev.drawbridge.audit.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One recorded event as the journal and the database hold it: its canonical bytes (see {@link
 * CanonicalEncoding}) and the envelope read back from them.
 *
 * @param id the event's UUIDv7
 * @param link its chain, position and previous hash
 * @param time when it happened
 * @param type its type ({@code operation}, {@code session.start}, …)
 * @param body the canonical bytes, exactly as hashed
 */
public record AuditRecord(UUID id, ChainLink link, Instant time, String type, byte[] body) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public AuditRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(body, "body");
  }

  /** Reads a record's envelope from its canonical bytes. */
  public static AuditRecord parse(byte[] body) throws MalformedRecordException {
    return parseWhole(body).record();
  }

  /**
   * A record and its whole tree, read in one pass, for readers that need more than the envelope.
   */
  public record Parsed(AuditRecord record, JsonNode tree) {}

  public static Parsed parseWhole(byte[] body) throws MalformedRecordException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new MalformedRecordException("not JSON: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new MalformedRecordException("not a JSON object");
    }
    return new Parsed(envelope(tree, body), tree);
  }

  private static AuditRecord envelope(JsonNode tree, byte[] body) throws MalformedRecordException {
    try {
      JsonNode prev = tree.get("prev");
      ChainLink link =
          new ChainLink(
              UUID.fromString(text(tree, "chain")),
              tree.path("seq").asLong(0),
              prev == null || prev.isNull() ? null : prev.asText());
      return new AuditRecord(
          UUID.fromString(text(tree, "id")),
          link,
          Instant.parse(text(tree, "time")),
          text(tree, "type"),
          body);
    } catch (RuntimeException e) {
      throw new MalformedRecordException("bad envelope: " + e.getMessage());
    }
  }

  /** The whole record as a tree, for readers. */
  public JsonNode tree() {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("a parsed record no longer parses", e);
    }
  }

  /** SHA-256 of the canonical bytes: what the next event of the chain names as its previous. */
  public String hash() {
    return Hashes.sha256(body);
  }

  public String json() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public UUID chain() {
    return link.chain();
  }

  public long seq() {
    return link.seq();
  }

  private static String text(JsonNode tree, String field) {
    JsonNode node = tree.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return node.asText();
  }

  /** Bytes that are not a record. */
  public static final class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
      super(message);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditRecord r && java.util.Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return json();
  }
}
