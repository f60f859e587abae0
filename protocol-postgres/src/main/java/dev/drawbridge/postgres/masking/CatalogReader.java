package dev.drawbridge.postgres.masking;

import dev.drawbridge.core.masking.MaskingPolicy;
import io.netty.channel.Channel;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads what a {@link CatalogSnapshot} needs from an upstream, on a session of the gateway's own:
 * every column (to match the rules' names), what each view reads, and the stored query of the views
 * that read masked data.
 */
final class CatalogReader {

  static final String COLUMNS =
      "select c.oid, n.nspname, c.relname, a.attnum, a.attname"
          + " from pg_catalog.pg_attribute a"
          + " join pg_catalog.pg_class c on c.oid = a.attrelid"
          + " join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
          + " where a.attnum > 0 and not a.attisdropped and c.relkind in ('r','p','v','m','f')"
          + " and n.nspname not in ('pg_catalog', 'information_schema')"
          + " and n.nspname not like 'pg\\_toast%'";

  static final String DEPENDENCIES =
      "select r.ev_class, d.refobjid, d.refobjsubid"
          + " from pg_catalog.pg_depend d"
          + " join pg_catalog.pg_rewrite r on r.oid = d.objid"
          + " where d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass"
          + " and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
          + " and r.rulename = '_RETURN' and d.refobjid <> r.ev_class";

  static final String INHERITANCE = "select inhrelid, inhparent from pg_catalog.pg_inherits";

  static final String VIEW_DEFINITIONS =
      "select c.oid, pg_catalog.pg_get_viewdef(c.oid) from pg_catalog.pg_class c"
          + " join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
          + " where c.relkind in ('v','m')"
          + " and n.nspname not in ('pg_catalog', 'information_schema')";

  private CatalogReader() {}

  /**
   * Reads the catalog over {@code channel} (a logged-in session) and builds the snapshot.
   *
   * @param runsCode whether a view's definition (SQL) calls functions not known to be harmless
   */
  static CompletionStage<CatalogSnapshot> read(
      Channel channel, MaskingPolicy policy, Predicate<String> runsCode, Clock clock) {
    CompletableFuture<CatalogSnapshot> snapshot = new CompletableFuture<>();
    TextQuery.run(channel, COLUMNS)
        .thenCompose(
            columns ->
                TextQuery.run(channel, DEPENDENCIES)
                    .thenCompose(
                        dependencies ->
                            TextQuery.run(channel, INHERITANCE)
                                .thenApply(inheritance -> Map.entry(dependencies, inheritance)))
                    .thenCompose(
                        read ->
                            TextQuery.run(channel, VIEW_DEFINITIONS)
                                .thenApply(
                                    views ->
                                        new CatalogRows(
                                            columns(columns),
                                            dependencies(read.getKey()),
                                            inheritance(read.getValue()),
                                            runningCode(views, runsCode),
                                            Map.of())))
                    .thenCompose(
                        rows -> {
                          Set<Long> views = CatalogSnapshot.viewsReadingMaskedData(policy, rows);
                          if (views.isEmpty()) {
                            return CompletableFuture.completedFuture(rows);
                          }
                          return TextQuery.run(channel, viewQueries(views))
                              .thenApply(
                                  queries ->
                                      new CatalogRows(
                                          rows.columns(),
                                          rows.dependencies(),
                                          rows.inheritance(),
                                          rows.viewsRunningCode(),
                                          queries(queries)));
                        }))
        .whenComplete(
            (rows, failure) -> {
              if (failure != null) {
                snapshot.completeExceptionally(failure);
              } else {
                snapshot.complete(CatalogSnapshot.build(policy, rows, clock.instant()));
              }
            });
    return snapshot;
  }

  static String viewQueries(Set<Long> views) {
    return "select ev_class, ev_action from pg_catalog.pg_rewrite where rulename = '_RETURN'"
        + " and ev_class in ("
        + views.stream().map(String::valueOf).collect(Collectors.joining(","))
        + ")";
  }

  private static List<CatalogRows.ColumnRow> columns(List<String[]> rows) {
    return rows.stream()
        .map(
            r ->
                new CatalogRows.ColumnRow(
                    Long.parseLong(r[0]), r[1], r[2], Integer.parseInt(r[3]), r[4]))
        .toList();
  }

  private static List<CatalogRows.Dependency> dependencies(List<String[]> rows) {
    return rows.stream()
        .map(
            r ->
                new CatalogRows.Dependency(
                    Long.parseLong(r[0]), Long.parseLong(r[1]), Integer.parseInt(r[2])))
        .toList();
  }

  private static Set<Long> runningCode(List<String[]> views, Predicate<String> runsCode) {
    Set<Long> running = new HashSet<>();
    for (String[] view : views) {
      if (view[1] == null || runsCode.test(view[1])) {
        running.add(Long.parseLong(view[0]));
      }
    }
    return running;
  }

  private static List<CatalogRows.Inheritance> inheritance(List<String[]> rows) {
    return rows.stream()
        .map(r -> new CatalogRows.Inheritance(Long.parseLong(r[0]), Long.parseLong(r[1])))
        .toList();
  }

  private static Map<Long, String> queries(List<String[]> rows) {
    Map<Long, String> queries = new HashMap<>();
    rows.forEach(r -> queries.put(Long.parseLong(r[0]), r[1]));
    return queries;
  }
}
