package dev.drawbridge.postgres.sql;

import java.util.List;

/**
 * A statement that changes the session's {@code search_path}: {@code SET [SESSION|LOCAL]
 * search_path …}, {@code SET search_path TO DEFAULT}, {@code RESET search_path}, {@code RESET ALL},
 * {@code DISCARD ALL}. Read from PostgreSQL's own parse tree.
 */
public sealed interface SearchPathChange {

  /** A new path. */
  record Set(List<String> values, boolean local) implements SearchPathChange {}

  /** Back to the session's initial path. */
  record Reset() implements SearchPathChange {}

  /** A change the gateway cannot follow ({@code SET search_path FROM CURRENT}). */
  record Unknowable() implements SearchPathChange {}
}
