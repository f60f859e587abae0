package dev.drawbridge.postgres.masking;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table or view with at least one masked column.
 *
 * @param oid its OID
 * @param schema its schema
 * @param name its name
 * @param byNumber the masked columns by column number
 * @param byName the same columns by name
 */
public record MaskedRelation(
    long oid,
    String schema,
    String name,
    Map<Integer, SourceMasking> byNumber,
    Map<String, SourceMasking> byName) {

  public MaskedRelation {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
    byNumber = Map.copyOf(byNumber);
    byName = Map.copyOf(byName);
  }

  public String qualifiedName() {
    return schema + "." + name;
  }

  /** How column {@code attnum} is masked; empty when it is not. */
  public Optional<SourceMasking> column(int attnum) {
    return Optional.ofNullable(byNumber.get(attnum));
  }

  /** How the column named {@code column} is masked; empty when it is not. */
  public Optional<SourceMasking> column(String column) {
    return Optional.ofNullable(byName.get(column));
  }
}
