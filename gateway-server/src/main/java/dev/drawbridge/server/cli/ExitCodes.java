package dev.drawbridge.server.cli;

/** The exit statuses of every command. */
final class ExitCodes {

  /** Success (and a graceful shutdown of {@code serve}). */
  static final int OK = 0;

  /** The command failed at run time (a port in use, a certificate that does not load). */
  static final int ERROR = 1;

  /** The configuration file is invalid; every problem was printed. */
  static final int INVALID_CONFIG = 2;

  /**
   * Verification found the audit trail altered, incomplete or out of order; each problem was
   * printed.
   */
  static final int AUDIT_PROBLEMS = 3;

  /**
   * The admin API refused the token (401) or the caller lacks the role, or may not decide that
   * request (403).
   */
  static final int NOT_ALLOWED = 4;

  /** The admin API has no approval request or grant with that id (404). */
  static final int NOT_FOUND = 5;

  /**
   * The approval request was decided already or has lapsed, or the grant cannot be revoked (409).
   */
  static final int CONFLICT = 6;

  /**
   * A policy simulation found operations the candidate grants would decide differently from what
   * was recorded; each kind of change was printed.
   */
  static final int POLICY_CHANGES = 7;

  private ExitCodes() {}
}
