package dev.drawbridge.postgres.masking;

import java.util.Objects;

/**
 * The most rows one statement may return, and the grant that says so.
 *
 * @param rows the limit, at least 1
 * @param grantId the grant whose {@code limits.rowsPerStatement} it is
 */
public record RowLimit(long rows, String grantId) {

  public RowLimit {
    Objects.requireNonNull(grantId, "grantId");
    if (rows < 1) {
      throw new IllegalArgumentException("a row limit is at least 1");
    }
  }

  /** The stricter of this limit and {@code other} (which may be null). */
  public RowLimit stricter(RowLimit other) {
    return other == null || rows <= other.rows ? this : other;
  }
}
