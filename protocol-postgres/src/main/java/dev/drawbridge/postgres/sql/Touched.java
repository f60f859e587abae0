package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one statement touches, gathered while its tree is walked: tables with their columns and
 * functions, without repeats, in the order first seen; and what its tree does that raises its
 * action (modified or locked rows, a new table, calls of functions that are not known harmless);
 * and the derived uses of its tables' columns (see {@link Flow}).
 *
 * <p>Not thread-safe: one per statement.
 */
final class Touched {

  private record TableKey(String schema, String name) {}

  /** {@link TableKey} to {@link TableUse}, {@link Resource.Function} to itself. */
  private final Map<Object, Object> seen = new LinkedHashMap<>();

  private Set<TableUse> reading; // the tables read inside the item walked now, or null
  private String schemaOfUnqualified;
  private boolean modifies;
  private boolean locks;
  private boolean creates;
  private Action calls;

  /** A table by its schema as written (empty when unqualified) and its name. */
  TableUse table(String schema, String name) {
    return (TableUse)
        seen.computeIfAbsent(new TableKey(schema, name), key -> new TableUse(schema, name));
  }

  /**
   * A {@code RangeVar}; inside {@code CREATE SCHEMA s …} an unqualified name also stands for {@code
   * s.name}, where it is created.
   */
  TableUse relation(JsonNode rangeVar) {
    String schema = Nodes.text(rangeVar, "schemaname");
    String name = Nodes.text(rangeVar, "relname");
    if (schema.isEmpty() && schemaOfUnqualified != null) {
      table(schemaOfUnqualified, name).everyColumn();
    }
    TableUse table = table(schema, name);
    if (reading != null) {
      reading.add(table);
    }
    return table;
  }

  /**
   * Gathers the tables read from now on in {@code read} (a subquery's, a common table
   * expression's), or stops with null; returns the set it replaces.
   */
  Set<TableUse> gather(Set<TableUse> read) {
    Set<TableUse> before = reading;
    reading = read;
    return before;
  }

  /** Tables read through a common table expression, gathered as if named here. */
  void readThrough(Set<TableUse> tables) {
    if (reading != null && reading != tables) {
      reading.addAll(tables);
    }
  }

  /** Sets the schema unqualified names are created in; returns the one it replaces. */
  String schemaOfUnqualified(String schema) {
    String before = schemaOfUnqualified;
    schemaOfUnqualified = schema;
    return before;
  }

  /** A function called: a dangerous one makes the statement admin, an unknown one execute. */
  void called(Resource.Function function) {
    named(function);
    Action action = SqlNames.callAction(function.schema(), function.name());
    if (action != Action.READ) {
      calls = ActionOrder.strongest(calls, action);
    }
  }

  /** A function named but not called ({@code CREATE FUNCTION f}, a trigger's function). */
  void named(Resource.Function function) {
    seen.putIfAbsent(function, function);
  }

  void modifies() {
    modifies = true;
  }

  void locks() {
    locks = true;
  }

  void creates() {
    creates = true;
  }

  /**
   * An object named by a DDL statement ({@code DROP}, {@code COMMENT ON}, {@code ALTER … RENAME}):
   * a relation becomes a table, a routine a function, a column, trigger, rule or policy its table.
   *
   * @param objectType PostgreSQL's {@code ObjectType} name ({@code OBJECT_TABLE})
   */
  void object(String objectType, JsonNode object) {
    if (object == null) {
      return;
    }
    if (SqlNames.ROUTINE_OBJECT_TYPES.contains(objectType)) {
      JsonNode routine = object.has("ObjectWithArgs") ? object.get("ObjectWithArgs") : object;
      if (routine.has("objname")) {
        named(Nodes.function(routine.get("objname")));
      }
      return;
    }
    List<String> names = new ArrayList<>(3);
    for (JsonNode item : object.path("List").path("items")) {
      names.add(Nodes.sval(item));
    }
    int count = names.size();
    if (SqlNames.RELATION_OBJECT_TYPES.contains(objectType) && count > 0) {
      table(count >= 2 ? names.get(count - 2) : "", names.get(count - 1)).everyColumn();
    } else if (SqlNames.TABLE_MEMBER_OBJECT_TYPES.contains(objectType) && count > 1) {
      TableUse table = table(count >= 3 ? names.get(count - 3) : "", names.get(count - 2));
      if (objectType.equals("OBJECT_COLUMN")) {
        table.column(names.getLast());
      } else {
        table.everyColumn();
      }
    }
  }

  /** What a prepared statement touches, for {@code EXECUTE}; its functions count as called. */
  void prepared(List<Resource> resources) {
    for (Resource resource : resources) {
      switch (resource) {
        case Resource.Table table -> {
          TableUse use = table(table.schema(), table.name());
          if (table.columns().isEmpty()) {
            use.everyColumn();
          } else {
            table.columns().forEach(use::column);
          }
        }
        case Resource.Function function -> called(function);
        default -> seen.putIfAbsent(resource, resource);
      }
    }
  }

  /** What a prepared statement uses with its lineage lost, for {@code EXECUTE}. */
  void preparedDerived(List<Resource.Table> derived) {
    for (Resource.Table table : derived) {
      TableUse use = table(table.schema(), table.name());
      if (table.columns().isEmpty()) {
        use.derivedEveryColumn();
      } else {
        table.columns().forEach(use::derivedColumn);
      }
    }
  }

  /**
   * What its effects make the statement at least: write for changed or locked rows, ddl for a new
   * table; or null.
   */
  Action effects() {
    Action action = modifies || locks ? Action.WRITE : null;
    return creates ? ActionOrder.strongest(action, Action.DDL) : action;
  }

  /** What the functions it calls make the statement at least: execute or admin; or null. */
  Action calls() {
    return calls;
  }

  /** The tables and functions, without repeats, in the order first seen. */
  List<Resource> resources() {
    List<Resource> resources = new ArrayList<>(seen.size());
    for (Object value : seen.values()) {
      resources.add(value instanceof TableUse table ? table.resource() : (Resource) value);
    }
    return resources;
  }

  /** The tables with derived uses, without repeats, in the order first seen. */
  List<Resource.Table> derived() {
    List<Resource.Table> derived = new ArrayList<>(2);
    for (Object value : seen.values()) {
      Resource.Table uses = value instanceof TableUse table ? table.derived() : null;
      if (uses != null) {
        derived.add(uses);
      }
    }
    return derived;
  }
}
