package dev.drawbridge.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The local audit journal.
 *
 * @param journal directory of journal segments
 * @param onFailure what happens when the journal cannot accept an event: {@code fail-closed}
 *     refuses new operations (the default), {@code continue} lets them through
 * @param fsyncInterval how often written records are forced to disk (group commit); a machine crash
 *     can lose at most this window, a process crash loses nothing
 * @param segmentSize a segment file is sealed and a new one started past this size
 * @param maxSize most bytes of records not yet shipped (or, without a store, kept) before the
 *     journal counts as full
 */
public record AuditConfig(
    Path journal,
    AuditFailurePolicy onFailure,
    Duration fsyncInterval,
    DataSize segmentSize,
    DataSize maxSize) {

  public static final AuditConfig DEFAULT = new AuditConfig(null, null, null, null, null);

  public AuditConfig {
    journal = journal == null ? Path.of("journal") : journal;
    onFailure = onFailure == null ? AuditFailurePolicy.FAIL_CLOSED : onFailure;
    fsyncInterval = fsyncInterval == null ? Duration.ofMillis(100) : fsyncInterval;
    segmentSize = segmentSize == null ? DataSize.ofBytes(64L << 20) : segmentSize;
    maxSize = maxSize == null ? DataSize.ofBytes(1L << 30) : maxSize;
  }

  public AuditConfig(Path journal, AuditFailurePolicy onFailure) {
    this(journal, onFailure, null, null, null);
  }
}
