package dev.drawbridge.audit.query;

/**
 * The audit trail could not be read: the database refused a query, or a journal file could not be
 * read. The message never carries a connection URL or a credential.
 */
public final class AuditQueryException extends Exception {

  private static final long serialVersionUID = 1L;

  public AuditQueryException(String message, Throwable cause) {
    super(message, cause);
  }

  public AuditQueryException(String message) {
    super(message);
  }
}
