package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.postgres.sql.CachingClassifier;
import dev.drawbridge.postgres.sql.ClassifiedStatement;
import dev.drawbridge.postgres.sql.PgQuery;
import dev.drawbridge.postgres.sql.PreparedStatements;
import dev.drawbridge.postgres.sql.SearchPath;
import dev.drawbridge.postgres.sql.SearchPathChange;
import dev.drawbridge.postgres.sql.SearchPathChanges;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One session's statements as PostgreSQL reads them: classified, with every unqualified table name
 * resolved against the session's search path, which this follows.
 *
 * <p>A change of the search path is only believed once it is known to hold: its message was sent,
 * the upstream reported no error for it, nothing else ran in its batch, and the session was back
 * outside a transaction at the next {@code ReadyForQuery} (a rollback would have undone it).
 * Otherwise the path becomes unknown, and unqualified names are refused until the agent sets it
 * again outside a transaction.
 */
final class SqlSession {

  /** Schemas an agent may read without a grant when the connection allows catalog reads. */
  private static final Set<String> CATALOG_SCHEMAS = Set.of("pg_catalog", "information_schema");

  /**
   * Catalog relations that hold row data or secrets rather than structure: column statistics (most
   * common values, histograms), large objects, password hashes, user mappings with their options.
   * Reading them always needs a grant.
   */
  private static final Set<String> CATALOG_DATA =
      Set.of(
          "pg_statistic",
          "pg_statistic_ext_data",
          "pg_stats",
          "pg_stats_ext",
          "pg_stats_ext_exprs",
          "pg_largeobject",
          "pg_authid",
          "pg_shadow",
          "pg_user_mapping",
          "pg_user_mappings",
          "pg_subscription",
          "pg_stat_activity",
          "pg_file_settings",
          "pg_hba_file_rules",
          "pg_ident_file_mappings",
          "user_mapping_options");

  /**
   * One statement, ready to become an operation.
   *
   * @param unresolvable why a table name cannot be resolved, or null when all are
   */
  record Planned(
      Action action, String verb, List<Resource> resources, String text, String unresolvable) {}

  private record Pending(SearchPath path, boolean clean) {}

  private final CachingClassifier classifier;
  private final PgQuery parser;
  private final boolean catalogReads;
  private final PreparedStatements prepared = new PreparedStatements();
  private SearchPath path;
  private Pending pending;
  private Pending candidate;

  SqlSession(CachingClassifier classifier, PgQuery parser, SearchPath path, boolean catalogReads) {
    this.classifier = classifier;
    this.parser = parser;
    this.path = path;
    this.catalogReads = catalogReads;
  }

  /** The statements of one {@code Query} or {@code Parse}, in order. */
  List<Planned> plan(String text) {
    List<ClassifiedStatement> statements = classifier.classify(text, prepared);
    SearchPath working = path.fork();
    if (pending != null) {
      pending = new Pending(pending.path(), false);
      working.unknown("the search_path changes in this batch");
    }
    SearchPath changed = null;
    List<Planned> plan = new ArrayList<>(statements.size());
    for (ClassifiedStatement statement : statements) {
      SearchPath current = changed == null ? working : changed;
      plan.add(planned(statement, current));
      SearchPathChange change = change(statement);
      if (change != null) {
        changed = current.fork();
        switch (change) {
          case SearchPathChange.Set set when !set.local() -> changed.set(set.values());
          case SearchPathChange.Set set ->
              changed.unknown("SET LOCAL search_path lasts only until the transaction ends");
          case SearchPathChange.Reset reset -> changed.reset();
          case SearchPathChange.Unknowable unknowable ->
              changed.unknown("the search_path was set in a way the gateway cannot follow");
        }
      }
    }
    candidate = changed == null ? null : new Pending(changed, statements.size() == 1);
    return plan;
  }

  /** The planned message went upstream. */
  void sent() {
    if (candidate != null) {
      pending = candidate;
      candidate = null;
    }
  }

  /** The planned message was refused and never reaches the upstream. */
  void refused() {
    candidate = null;
  }

  /** The upstream reported an error: a change in this batch may not have taken effect. */
  void upstreamError() {
    if (pending != null) {
      pending = new Pending(pending.path(), false);
    }
  }

  /** {@code ReadyForQuery} with its transaction status byte. */
  void ready(byte status) {
    if (pending == null) {
      return;
    }
    if (pending.clean() && status == 'I') {
      path = pending.path();
    } else {
      path = path.fork();
      path.unknown(
          "the search_path was changed inside a transaction or together with other statements");
    }
    pending = null;
  }

  private Planned planned(ClassifiedStatement statement, SearchPath current) {
    Set<Resource> resources = new LinkedHashSet<>();
    String unresolvable = null;
    for (Resource resource : statement.resources()) {
      switch (resource) {
        case Resource.Table table -> {
          switch (current.resolve(table)) {
            case SearchPath.Resolution.Tables tables -> {
              for (Resource.Table candidate : tables.tables()) {
                if (!(catalogReads
                    && statement.action() == Action.READ
                    && CATALOG_SCHEMAS.contains(candidate.schema())
                    && !CATALOG_DATA.contains(candidate.name()))) {
                  resources.add(candidate);
                }
              }
            }
            case SearchPath.Resolution.Unknown unknown ->
                unresolvable = unresolvable == null ? unknown.reason() : unresolvable;
          }
        }
        case Resource.Function function -> {
          // a read calls only functions known to be harmless; others made it execute or admin
          if (statement.action() != Action.READ) {
            resources.add(function);
          }
        }
        default -> resources.add(resource);
      }
    }
    return new Planned(
        statement.action(),
        statement.verb(),
        List.copyOf(resources),
        statement.text(),
        unresolvable);
  }

  private SearchPathChange change(ClassifiedStatement statement) {
    String verb = statement.verb();
    if (!(verb.startsWith("SET") || verb.startsWith("RESET") || verb.startsWith("DISCARD"))) {
      return null;
    }
    return SearchPathChanges.of(parser, statement.text()).orElse(null);
  }
}
