package dev.drawbridge.audit.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.audit.record.Hashes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One event as a source holds it: the columns stored beside the record, and the record itself. In
 * the database the columns are separate values that verification compares with the record; read
 * from the journal they are the record's own.
 *
 * @param id the stored id
 * @param time the stored time
 * @param chain the stored chain
 * @param seq the stored position in the chain
 * @param type the stored type
 * @param prevHash the stored previous hash, or {@code null}
 * @param hash the stored hash of the record
 * @param record the canonical record text, as hashed
 * @param copied the stored columns copied from the record
 */
public record StoredEvent(
    UUID id,
    Instant time,
    UUID chain,
    long seq,
    String type,
    String prevHash,
    String hash,
    String record,
    CopiedColumns copied) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public StoredEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(copied, "copied");
  }

  /** A journal record, whose columns are what it says and whose hash is computed. */
  public static StoredEvent of(AuditRecord record) {
    return new StoredEvent(
        record.id(),
        record.time(),
        record.chain(),
        record.seq(),
        record.type(),
        record.link().prev(),
        record.hash(),
        record.json(),
        CopiedColumns.of(record.tree()));
  }

  /** The record's bytes, exactly as hashed. */
  public byte[] bytes() {
    return record.getBytes(StandardCharsets.UTF_8);
  }

  /** The SHA-256 of the record as it is now. */
  public String recomputedHash() {
    return Hashes.sha256(bytes());
  }

  /** The record's envelope. */
  public AuditRecord parse() throws AuditRecord.MalformedRecordException {
    return AuditRecord.parse(bytes());
  }

  /** The record's fields, or empty when the record is not a JSON object. */
  public Optional<JsonNode> body() {
    try {
      JsonNode tree = JSON.readTree(record);
      return tree != null && tree.isObject() ? Optional.of(tree) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** A text field of the record, or {@code null}. */
  public String field(String name) {
    return body().map(b -> text(b, name)).orElse(null);
  }

  /** A text field of a record's fields, or {@code null}. */
  public static String text(JsonNode body, String name) {
    JsonNode node = body.get(name);
    return node == null || node.isNull() ? null : node.asText();
  }
}
