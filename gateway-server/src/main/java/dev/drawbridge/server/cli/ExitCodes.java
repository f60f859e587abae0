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

  private ExitCodes() {}
}
