package dev.drawbridge.postgres.masking;

import dev.drawbridge.core.masking.ColumnMasking;
import dev.drawbridge.core.masking.MaskingPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which relations of one upstream database have masked columns, as of one reading of its catalog:
 * the tables whose columns masking rules name, and the views that read them, with each view column
 * masked as the column it shows, or withheld when it is computed. Immutable; shared by every
 * session of the connection.
 */
public final class CatalogSnapshot {

  private static final CatalogSnapshot EMPTY =
      new CatalogSnapshot(Map.of(), Map.of(), Instant.EPOCH);

  private final Map<Long, MaskedRelation> byOid;
  private final Map<String, MaskedRelation> byName;
  private final Instant readAt;

  private final Map<String, Set<String>> columnsByName;

  private CatalogSnapshot(
      Map<Long, MaskedRelation> byOid, Map<String, Set<String>> columnsByName, Instant readAt) {
    this.columnsByName = columnsByName;
    this.byOid = Map.copyOf(byOid);
    Map<String, MaskedRelation> names = new HashMap<>();
    byOid.values().forEach(r -> names.put(r.qualifiedName(), r));
    this.byName = Map.copyOf(names);
    this.readAt = readAt;
  }

  /** A snapshot of a connection whose rules name no columns: nothing is masked by name. */
  public static CatalogSnapshot empty() {
    return EMPTY;
  }

  /** The masked relation with this OID; empty when it has no masked column. */
  public Optional<MaskedRelation> relation(long oid) {
    return Optional.ofNullable(byOid.get(oid));
  }

  /** The masked relation {@code schema.name}; empty when it has no masked column. */
  public Optional<MaskedRelation> relation(String schema, String name) {
    return Optional.ofNullable(byName.get(schema + "." + name));
  }

  /**
   * The columns of relation {@code schema.name} (any table or view, masked or not); empty when the
   * catalog did not hold it.
   */
  public Optional<Set<String>> columns(String schema, String name) {
    return Optional.ofNullable(columnsByName.get(schema + "." + name));
  }

  /** When the catalog was read. */
  public Instant readAt() {
    return readAt;
  }

  /** How many relations have masked columns. */
  public int size() {
    return byOid.size();
  }

  /**
   * The views whose stored query must be read: those that read, directly or through other views, a
   * masked column (or the whole row of a relation with one).
   */
  static Set<Long> viewsReadingMaskedData(MaskingPolicy policy, CatalogRows rows) {
    Map<Long, Map<Integer, SourceMasking>> masked = maskedByRule(policy, rows);
    Map<Long, List<CatalogRows.Dependency>> byView = new LinkedHashMap<>();
    rows.dependencies()
        .forEach(d -> byView.computeIfAbsent(d.view(), v -> new ArrayList<>()).add(d));
    Set<Long> tainted = new HashSet<>();
    if (!masked.isEmpty()) {
      // what a function reads cannot be seen: with masked columns about, such views are suspect
      tainted.addAll(rows.viewsRunningCode());
    }
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Map.Entry<Long, List<CatalogRows.Dependency>> view : byView.entrySet()) {
        if (!tainted.contains(view.getKey())
            && view.getValue().stream().anyMatch(d -> reads(d, masked, tainted))) {
          tainted.add(view.getKey());
          grew = true;
        }
      }
    }
    return tainted;
  }

  /**
   * Builds the snapshot from what the catalog holds.
   *
   * @param rows the catalog's columns and views' dependencies, with the stored query of every view
   *     {@link #viewsReadingMaskedData} named
   */
  static CatalogSnapshot build(MaskingPolicy policy, CatalogRows rows, Instant readAt) {
    Objects.requireNonNull(policy, "policy");
    Map<Long, Map<Integer, SourceMasking>> masked = maskedByRule(policy, rows);
    Map<Long, Map<Integer, String>> columnNames = new HashMap<>();
    Map<Long, String[]> names = new HashMap<>();
    for (CatalogRows.ColumnRow column : rows.columns()) {
      columnNames
          .computeIfAbsent(column.oid(), o -> new HashMap<>())
          .put(column.attnum(), column.column());
      names.putIfAbsent(column.oid(), new String[] {column.schema(), column.relation()});
    }
    Map<Long, String> firstMaskedRead = new HashMap<>();
    for (CatalogRows.Dependency d : rows.dependencies()) {
      Map<Integer, SourceMasking> of = masked.get(d.relation());
      if (of != null && !firstMaskedRead.containsKey(d.view())) {
        SourceMasking source = d.column() > 0 ? of.get(d.column()) : of.values().iterator().next();
        if (source instanceof SourceMasking.Masked m) {
          firstMaskedRead.put(d.view(), m.rule());
        }
      }
    }
    ViewResolver views =
        new ViewResolver(
            rows.viewQueries(),
            masked,
            columnNames,
            names,
            firstMaskedRead,
            rows.viewsRunningCode());
    rows.viewQueries().keySet().forEach(views::resolve);
    Map<Long, MaskedRelation> relations = new HashMap<>();
    masked.forEach(
        (oid, columns) -> {
          String[] name = names.get(oid);
          if (name == null || columns.isEmpty()) {
            return;
          }
          Map<String, SourceMasking> byColumnName = new HashMap<>();
          Map<Integer, String> known = columnNames.getOrDefault(oid, Map.of());
          columns.forEach(
              (attnum, masking) -> {
                String column = known.get(attnum);
                if (column != null) {
                  byColumnName.put(column, masking);
                }
              });
          relations.put(oid, new MaskedRelation(oid, name[0], name[1], columns, byColumnName));
        });
    Map<String, Set<String>> columnsByName = new HashMap<>();
    for (CatalogRows.ColumnRow column : rows.columns()) {
      columnsByName
          .computeIfAbsent(column.schema() + "." + column.relation(), n -> new HashSet<>())
          .add(column.column());
    }
    return new CatalogSnapshot(relations, columnsByName, readAt);
  }

  private static boolean reads(
      CatalogRows.Dependency d, Map<Long, Map<Integer, SourceMasking>> masked, Set<Long> tainted) {
    if (tainted.contains(d.relation())) {
      return true;
    }
    Map<Integer, SourceMasking> of = masked.get(d.relation());
    return of != null && (d.column() <= 0 || of.containsKey(d.column()));
  }

  /**
   * Masks in {@code to} the columns masked in {@code from}, matched by name; returns whether any
   * was new.
   */
  private static boolean spread(
      Map<Long, Map<Integer, SourceMasking>> masked,
      Map<Long, Map<Integer, String>> names,
      Map<Long, Map<String, Integer>> attnums,
      long from,
      long to) {
    Map<Integer, SourceMasking> source = masked.get(from);
    if (source == null) {
      return false;
    }
    boolean grew = false;
    for (Map.Entry<Integer, SourceMasking> column : Map.copyOf(source).entrySet()) {
      String name = names.getOrDefault(from, Map.of()).get(column.getKey());
      Integer attnum = attnums.getOrDefault(to, Map.of()).get(name);
      if (attnum != null
          && masked.computeIfAbsent(to, c -> new HashMap<>()).putIfAbsent(attnum, column.getValue())
              == null) {
        grew = true;
      }
    }
    return grew;
  }

  /**
   * The columns rules name, and the same columns of every partition or inheritance child and parent
   * of a table with one: read directly, a partition would otherwise show its parent's masked data
   * under a name no rule names, and a parent shows its partitions' rows under its own name.
   */
  private static Map<Long, Map<Integer, SourceMasking>> maskedByRule(
      MaskingPolicy policy, CatalogRows rows) {
    Map<Long, Map<Integer, SourceMasking>> masked = new HashMap<>();
    Map<Long, Map<String, Integer>> attnums = new HashMap<>();
    Map<Long, Map<Integer, String>> names = new HashMap<>();
    for (CatalogRows.ColumnRow column : rows.columns()) {
      attnums
          .computeIfAbsent(column.oid(), o -> new HashMap<>())
          .put(column.column(), column.attnum());
      names
          .computeIfAbsent(column.oid(), o -> new HashMap<>())
          .put(column.attnum(), column.column());
      String qualified = column.schema() + "." + column.relation() + "." + column.column();
      if (policy.forColumn(Optional.of(qualified)) instanceof ColumnMasking.Masked m) {
        masked
            .computeIfAbsent(column.oid(), o -> new HashMap<>())
            .put(column.attnum(), new SourceMasking.Masked(m, qualified));
      }
    }
    boolean grew = !rows.inheritance().isEmpty();
    while (grew) {
      grew = false;
      for (CatalogRows.Inheritance link : rows.inheritance()) {
        grew |= spread(masked, names, attnums, link.parent(), link.child());
        grew |= spread(masked, names, attnums, link.child(), link.parent());
      }
    }
    return masked;
  }

  /** Masks each column of a view that reads masked data as the column it shows, in view order. */
  private static final class ViewResolver {

    private final Map<Long, String> queries;
    private final Map<Long, Map<Integer, SourceMasking>> masked;
    private final Map<Long, Map<Integer, String>> columnNames;
    private final Map<Long, String[]> names;
    private final Map<Long, String> firstMaskedRead;
    private final Set<Long> functionViews;
    private final Set<Long> done = new HashSet<>();
    private final Set<Long> resolving = new HashSet<>();

    ViewResolver(
        Map<Long, String> queries,
        Map<Long, Map<Integer, SourceMasking>> masked,
        Map<Long, Map<Integer, String>> columnNames,
        Map<Long, String[]> names,
        Map<Long, String> firstMaskedRead,
        Set<Long> functionViews) {
      this.queries = queries;
      this.masked = masked;
      this.columnNames = columnNames;
      this.names = names;
      this.firstMaskedRead = firstMaskedRead;
      this.functionViews = functionViews;
    }

    void resolve(long view) {
      if (done.contains(view) || !queries.containsKey(view) || !resolving.add(view)) {
        return;
      }
      Map<Integer, SourceMasking> columns = masked.computeIfAbsent(view, v -> new HashMap<>());
      Map<Integer, String> known = columnNames.getOrDefault(view, Map.of());
      String carries =
          firstMaskedRead.containsKey(view)
              ? "the view reads masked column " + firstMaskedRead.get(view)
              : functionViews.contains(view)
                  ? "the view calls functions the gateway cannot see into"
                  : "the view reads masked data through another view";
      List<ViewLineage.Origin> origins;
      try {
        origins = ViewLineage.of(queries.get(view));
      } catch (RuntimeException unreadable) {
        String why =
            "the gateway cannot read the definition of view " + display(view) + ", and " + carries;
        known
            .keySet()
            .forEach(attnum -> columns.putIfAbsent(attnum, new SourceMasking.Withheld(why)));
        finish(view);
        return;
      }
      for (ViewLineage.Origin origin : origins) {
        if (columns.containsKey(origin.attnum())) {
          continue; // a rule names the view's own column
        }
        if (origin.computed()) {
          columns.put(
              origin.attnum(),
              new SourceMasking.Withheld(
                  "column "
                      + known.getOrDefault(origin.attnum(), "#" + origin.attnum())
                      + " of view "
                      + display(view)
                      + " is computed, and "
                      + carries));
          continue;
        }
        resolve(origin.table());
        SourceMasking source = masked.getOrDefault(origin.table(), Map.of()).get(origin.column());
        if (source != null) {
          columns.put(origin.attnum(), source);
        }
      }
      finish(view);
    }

    private void finish(long view) {
      resolving.remove(view);
      done.add(view);
    }

    private String display(long view) {
      String[] name = names.get(view);
      return name == null ? "#" + view : name[0] + "." + name[1];
    }
  }
}
