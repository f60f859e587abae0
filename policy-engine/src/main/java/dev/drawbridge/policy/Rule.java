package dev.drawbridge.policy;

import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One rule of a grant, compiled once: the actions it names, its table globs (none: every table and
 * function) and its columns (none: every column).
 *
 * <p>Rules only speak about tables and functions: a resource of another kind (an HTTP path, a
 * command, a file) is never covered by an {@code allow} or {@code review} rule, and is refused by a
 * {@code deny} rule without tables.
 *
 * @param actions the actions it names, in the order of the file, without repeats
 * @param tables its table globs; empty means every table and function
 * @param columns its columns, in the order of the file; empty means every column
 * @param columnSet the same columns, for lookups
 * @param timeout for a review rule, how long a statement it holds waits; null for the default
 */
record Rule(
    List<Action> actions,
    List<TableGlob> tables,
    List<String> columns,
    Set<String> columnSet,
    Duration timeout) {

  Rule {
    actions = List.copyOf(actions);
    tables = List.copyOf(tables);
    columns = List.copyOf(columns);
    columnSet = Set.copyOf(columnSet);
  }

  /**
   * @throws IllegalArgumentException on an unknown action, an empty table glob or an empty column
   */
  static Rule of(RuleConfig config) {
    Set<Action> actions = new LinkedHashSet<>();
    for (String name : config.actions()) {
      actions.add(
          Action.fromConfigName(name)
              .orElseThrow(() -> new IllegalArgumentException("unknown action '" + name + "'")));
    }
    List<TableGlob> tables = new ArrayList<>();
    for (String glob : config.tables()) {
      tables.add(TableGlob.parse(glob));
    }
    Set<String> columns = new LinkedHashSet<>();
    for (String column : config.columns()) {
      if (column == null || column.isBlank()) {
        throw new IllegalArgumentException("a column name must not be empty");
      }
      columns.add(column);
    }
    return new Rule(List.copyOf(actions), tables, List.copyOf(columns), columns, config.timeout());
  }

  /**
   * Whether this allow or review rule covers {@code column} of {@code resource} for sure; a {@code
   * null} column stands for every column (the statement does not say which, or the resource has
   * none), which only a rule without columns covers.
   */
  boolean covers(Resource resource, String column) {
    if (!columns.isEmpty() && (column == null || !columnSet.contains(column))) {
      return false;
    }
    return names(resource);
  }

  /**
   * Whether this allow or review rule's tables name {@code resource} for sure, whatever columns.
   */
  boolean names(Resource resource) {
    return switch (resource) {
      case Resource.Table(String schema, String name, var _) -> names(schema, name);
      case Resource.Function(String schema, String name) -> names(schema, name);
      case Resource.Path _, Resource.Command _, Resource.File _ -> false;
    };
  }

  private boolean names(String schema, String name) {
    if (tables.isEmpty()) {
      return true;
    }
    for (int i = 0; i < tables.size(); i++) {
      if (tables.get(i).covers(schema, name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether this deny rule refuses {@code resource}: its tables may name it, and, when it lists
   * columns, the resource references one of them or does not say which it references.
   */
  boolean denies(Resource resource) {
    return switch (resource) {
      case Resource.Table(String schema, String name, List<String> referenced) ->
          mayName(schema, name) && (referenced.isEmpty() || touches(referenced));
      case Resource.Function(String schema, String name) -> mayName(schema, name);
      case Resource.Path _, Resource.Command _, Resource.File _ -> tables.isEmpty();
    };
  }

  /** Whether this deny rule refuses an operation that touches no resource. */
  boolean deniesWithoutResources() {
    return tables.isEmpty() && columns.isEmpty();
  }

  /** The first of {@code referenced} that this rule lists, or {@code null}. */
  String firstListed(List<String> referenced) {
    for (int i = 0; i < referenced.size(); i++) {
      if (columnSet.contains(referenced.get(i))) {
        return referenced.get(i);
      }
    }
    return null;
  }

  private boolean touches(List<String> referenced) {
    return columns.isEmpty() || firstListed(referenced) != null;
  }

  private boolean mayName(String schema, String name) {
    if (tables.isEmpty()) {
      return true;
    }
    for (int i = 0; i < tables.size(); i++) {
      if (tables.get(i).mayMatch(schema, name)) {
        return true;
      }
    }
    return false;
  }
}
