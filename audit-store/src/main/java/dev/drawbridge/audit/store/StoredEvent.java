package dev.drawbridge.audit.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.audit.record.CanonicalEncoding;

/**
 * A record the database did not hold yet and now does, with its fields read once for the chain and
 * session rows that follow from it.
 *
 * @param record the record
 * @param body its fields
 * @param hash its SHA-256
 */
record StoredEvent(AuditRecord record, JsonNode body, String hash) {

  /** Reads a record once: its envelope, its fields and its hash. */
  static StoredEvent parse(byte[] bytes) throws AuditRecord.MalformedRecordException {
    AuditRecord.Parsed parsed = AuditRecord.parseWhole(bytes);
    return new StoredEvent(parsed.record(), parsed.tree(), parsed.record().hash());
  }

  String type() {
    return record.type();
  }

  /** The session the event names, or {@code null} for events of no session. */
  String session() {
    return text("session");
  }

  /** Whether it belongs to its session's own chain (not to a gateway run's). */
  boolean inSessionChain() {
    return record.chain().toString().equals(session());
  }

  String time() {
    return CanonicalEncoding.time(record.time());
  }

  String text(String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
