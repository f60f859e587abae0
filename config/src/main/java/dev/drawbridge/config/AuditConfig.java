package dev.drawbridge.config;

import java.nio.file.Path;

/**
 * The local audit journal.
 *
 * @param journal directory of journal segments
 * @param onFailure what happens when the journal cannot accept an event: {@code fail-closed}
 *     refuses new operations (the default), {@code continue} lets them through
 */
public record AuditConfig(Path journal, AuditFailurePolicy onFailure) {

  public static final AuditConfig DEFAULT = new AuditConfig(null, null);

  public AuditConfig {
    journal = journal == null ? Path.of("journal") : journal;
    onFailure = onFailure == null ? AuditFailurePolicy.FAIL_CLOSED : onFailure;
  }
}
