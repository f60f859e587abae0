package dev.drawbridge.postgres.server;

import dev.drawbridge.core.masking.ColumnMasking;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.postgres.masking.CatalogSnapshot;
import dev.drawbridge.postgres.masking.MaskingCatalog;
import dev.drawbridge.postgres.sql.CachingClassifier;
import dev.drawbridge.postgres.sql.ClassifiedStatement;
import dev.drawbridge.postgres.sql.CursorsAndCopies;
import dev.drawbridge.postgres.sql.PgQuery;
import dev.drawbridge.postgres.sql.PreparedStatements;
import dev.drawbridge.postgres.sql.SearchPath;
import dev.drawbridge.postgres.sql.SearchPathChange;
import dev.drawbridge.postgres.sql.SearchPathChanges;
import dev.drawbridge.postgres.sql.SecretRedactor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

  /** The most statements one message may carry; each becomes an operation and an audit record. */
  private static final int MAX_STATEMENTS = 1000;

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
          "pg_settings",
          "pg_db_role_setting",
          "pg_hba_file_rules",
          "pg_ident_file_mappings",
          "user_mapping_options");

  /**
   * One statement, ready to become an operation.
   *
   * @param unresolvable why the statement is refused before any grant is asked (a name that cannot
   *     be resolved, a masked column used where it cannot be masked), or null
   * @param readsMasked whether it reads a masked column (the server's errors for it may quote
   *     values)
   */
  record Planned(
      Action action,
      String verb,
      List<Resource> resources,
      String text,
      String unresolvable,
      boolean readsMasked) {

    Planned(Action action, String verb, List<Resource> resources, String text, String why) {
      this(action, verb, resources, text, why, false);
    }
  }

  /**
   * A search path change on its way.
   *
   * @param clean whether it is the only statement of its batch so far
   * @param readies how many {@code ReadyForQuery} are still due before the one ending its batch
   * @param ran whether the server reported running it ({@code CommandComplete SET})
   */
  private record Pending(SearchPath path, boolean clean, int readies, boolean ran) {

    Pending dirty() {
      return new Pending(path, false, readies, ran);
    }
  }

  private final CachingClassifier classifier;
  private final PgQuery parser;
  private final SecretRedactor redactor;
  private final boolean catalogReads;
  private final MaskingCatalog masking;
  private final PreparedStatements prepared = new PreparedStatements();
  private SearchPath path;
  private Pending pending;
  private Pending candidate;

  /**
   * Whether a named statement (a named {@code Parse}, a SQL {@code PREPARE}) resolved an
   * unqualified table name: the server re-reads it under the search path in force when it runs, so
   * from then on the session's search path may not change.
   */
  private boolean namedStatementsResolveNames;

  /** Whether the message being planned prepares a named statement that resolved names. */
  private boolean candidateNamed;

  /**
   * @param masking the connection's masking: a statement that uses a masked column where its values
   *     would come out unmasked is refused
   */
  SqlSession(
      CachingClassifier classifier,
      PgQuery parser,
      SearchPath path,
      boolean catalogReads,
      MaskingCatalog masking) {
    this.classifier = classifier;
    this.parser = parser;
    this.redactor = new SecretRedactor(parser);
    this.path = path;
    this.catalogReads = catalogReads;
    this.masking = masking;
  }

  /**
   * The statements of one {@code Query} or {@code Parse}, in order.
   *
   * @param statementName the name a {@code Parse} gives its statement; empty for the unnamed one
   *     and for a {@code Query}
   */
  List<Planned> plan(String text, String statementName) {
    List<ClassifiedStatement> statements = classifier.classify(text, prepared);
    if (statements.size() > MAX_STATEMENTS) {
      return List.of(
          new Planned(
              Action.UNKNOWN,
              "MULTI",
              List.of(),
              text.substring(0, Math.min(text.length(), 1024)),
              "a message of "
                  + statements.size()
                  + " statements is more than the gateway decides at once ("
                  + MAX_STATEMENTS
                  + "); send them in smaller batches"));
    }
    SearchPath working = path.fork();
    if (pending != null) {
      pending = pending.dirty();
      working.unknown("the search_path changes in this batch");
    }
    SearchPath changed = null;
    List<Planned> plan = new ArrayList<>(statements.size());
    boolean named = false;
    for (ClassifiedStatement statement : statements) {
      SearchPath current = changed == null ? working : changed;
      Planned planned = planned(statement, current);
      boolean isNamed = !statementName.isEmpty() || statement.verb().equals("PREPARE");
      SearchPathChange change = change(statement);
      if (change != null && (isNamed || namedStatementsResolveNames || named)) {
        planned =
            refused(
                planned,
                isNamed
                    ? "a search_path change cannot be a named prepared statement: the gateway"
                        + " would not see it run; send it as a plain statement"
                    : "statements prepared earlier in this session name tables without a schema,"
                        + " and the server would read them again under the new search_path; qualify"
                        + " the names (schema.table) or reconnect");
        change = null;
      }
      plan.add(planned);
      named |= isNamed && resolvedUnqualified(statement);
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
    candidate = changed == null ? null : new Pending(changed, statements.size() == 1, 0, false);
    candidateNamed = named;
    return plan;
  }

  /**
   * The planned message went upstream.
   *
   * @param readiesFirst how many {@code ReadyForQuery} the upstream sends before the one that ends
   *     this message's batch
   */
  void sent(int readiesFirst) {
    namedStatementsResolveNames |= candidateNamed;
    candidateNamed = false;
    if (candidate != null) {
      pending = new Pending(candidate.path(), candidate.clean(), readiesFirst, false);
      candidate = null;
    }
  }

  /** The planned message was refused and never reaches the upstream. */
  void refused() {
    candidate = null;
    candidateNamed = false;
  }

  /** The upstream completed a command; {@code tag} is its command tag. */
  void completed(String tag) {
    if (pending != null
        && pending.readies() == 0
        && (tag.startsWith("SET") || tag.startsWith("RESET") || tag.startsWith("DISCARD"))) {
      pending = new Pending(pending.path(), pending.clean(), 0, true);
    }
  }

  /** The upstream reported an error: a change in this batch may not have taken effect. */
  void upstreamError() {
    if (pending != null && pending.readies() == 0) {
      pending = pending.dirty();
    }
  }

  /** {@code ReadyForQuery} with its transaction status byte. */
  void ready(byte status) {
    if (pending == null) {
      return;
    }
    if (pending.readies() > 0) {
      pending = new Pending(pending.path(), pending.clean(), pending.readies() - 1, pending.ran());
      return;
    }
    if (pending.ran() && pending.clean() && status == 'I') {
      path = pending.path();
    } else if (pending.ran() || !pending.clean()) {
      path = path.fork();
      path.unknown(
          "the search_path was changed inside a transaction or together with other statements");
    }
    pending = null;
  }

  /** The cursor a {@code FETCH} statement reads, or null when the parser does not say. */
  String cursorOf(String fetch) {
    return CursorsAndCopies.fetchedCursor(parser, fetch).orElse(null);
  }

  /** A statement's text as operations and audit records may carry it: without secrets. */
  String redacted(String text) {
    return redactor.redact(text);
  }

  /** What PostgreSQL's parser says of a statement it cannot read, for a refusal's message. */
  String parseError(String text) {
    return switch (parser.parse(text)) {
      case PgQuery.Parsed.Error error -> error.message();
      case PgQuery.Parsed.Tree tree -> "it reads as a statement the gateway does not recognise";
    };
  }

  private static Planned refused(Planned planned, String why) {
    return new Planned(
        planned.action(),
        planned.verb(),
        planned.resources(),
        planned.text(),
        why,
        planned.readsMasked());
  }

  private static boolean resolvedUnqualified(ClassifiedStatement statement) {
    return statement.resources().stream()
        .anyMatch(r -> r instanceof Resource.Table table && table.schema().isEmpty());
  }

  private Planned planned(ClassifiedStatement statement, SearchPath current) {
    CatalogSnapshot snapshot = masking.current();
    Set<Resource> resources = new LinkedHashSet<>();
    String unresolvable = null;
    boolean readsMasked = false;
    List<Resource.Table> resolvedTables = new ArrayList<>();
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
                if (unresolvable == null) {
                  unresolvable = MaskedUses.refusal(snapshot, candidate, false);
                }
                if (unresolvable == null) {
                  unresolvable = MaskedUses.statistics(snapshot, candidate);
                }
                readsMasked |= MaskedUses.touches(snapshot, candidate);
                resolvedTables.add(candidate);
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
    if (unresolvable == null && snapshot.size() > 0) {
      unresolvable = derivedRefusal(statement, current, snapshot);
    }
    if (unresolvable == null && statement.verb().equals("COPY") && scansValues()) {
      unresolvable = copyOptionsRefusal(statement.text());
    }
    for (int i = 0; unresolvable == null && snapshot.size() > 0 && i < resolvedTables.size(); i++) {
      unresolvable = MaskedUses.wholeRowCall(snapshot, resolvedTables.get(i), resolvedTables);
    }
    return new Planned(
        statement.action(),
        statement.verb(),
        List.copyOf(resources),
        statement.text(),
        unresolvable,
        readsMasked);
  }

  /** COPY options that change how values are written, so detectors would not recognise them. */
  private static final Set<String> VALUE_WRITING_COPY_OPTIONS =
      Set.of("delimiter", "quote", "escape", "null", "force_quote", "encoding");

  private boolean scansValues() {
    return masking.policy().forColumn(Optional.empty()) instanceof ColumnMasking.Scanned;
  }

  /**
   * Why a {@code COPY … TO} may not run on a connection whose detectors scan what it writes: its
   * options escape or quote values in ways that would hide them from the detectors. Null when it
   * may.
   */
  private String copyOptionsRefusal(String text) {
    return CursorsAndCopies.copyOutOption(parser, text, VALUE_WRITING_COPY_OPTIONS)
        .map(
            option ->
                "COPY option "
                    + option.toUpperCase(Locale.ROOT)
                    + " changes how values are written, which would hide them from this"
                    + " connection's masking detectors; copy with the default options")
        .orElse(null);
  }

  /** Why the statement's uses of columns without lineage are refused, or null. */
  private static String derivedRefusal(
      ClassifiedStatement statement, SearchPath current, CatalogSnapshot snapshot) {
    for (Resource.Table table : statement.derived()) {
      if (current.resolve(table) instanceof SearchPath.Resolution.Tables tables) {
        for (Resource.Table candidate : tables.tables()) {
          String why = MaskedUses.refusal(snapshot, candidate, true);
          if (why != null) {
            return why;
          }
        }
      }
    }
    return null;
  }

  private SearchPathChange change(ClassifiedStatement statement) {
    String verb = statement.verb();
    if (!(verb.startsWith("SET") || verb.startsWith("RESET") || verb.startsWith("DISCARD"))) {
      return null;
    }
    return SearchPathChanges.of(parser, statement.text()).orElse(null);
  }
}
