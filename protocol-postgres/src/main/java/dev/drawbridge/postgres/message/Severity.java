package dev.drawbridge.postgres.message;

/**
 * The severity of an error or notice, as PostgreSQL spells it in the {@code S} and {@code V}
 * fields.
 */
public enum Severity {
  /** The statement failed; the session goes on. */
  ERROR,
  /** The session ends. */
  FATAL,
  /** Information for the agent; nothing failed ({@code NoticeResponse}). */
  NOTICE
}
