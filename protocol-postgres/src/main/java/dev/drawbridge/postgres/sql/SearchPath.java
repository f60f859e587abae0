package dev.drawbridge.postgres.sql;

import dev.drawbridge.core.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The schemas an unqualified table name can resolve to in one session, as far as the gateway knows.
 * It starts from what the server reported when the session began, follows {@code SET search_path}
 * and {@code RESET}, and stops guessing where it cannot know (a change inside a transaction, which
 * a rollback would undo): an unqualified name is then refused, not guessed.
 *
 * <p>An unqualified name that could resolve to several schemas stands for all of them, so a grant
 * must cover each; PostgreSQL's own catalog is searched first, as the server does.
 */
public final class SearchPath {

  /** Relations of {@code pg_catalog} agents and tools commonly name without a schema. */
  private static final Set<String> CATALOG_RELATIONS =
      Set.of(
          "pg_aggregate",
          "pg_am",
          "pg_attrdef",
          "pg_attribute",
          "pg_auth_members",
          "pg_authid",
          "pg_available_extensions",
          "pg_cast",
          "pg_class",
          "pg_collation",
          "pg_constraint",
          "pg_conversion",
          "pg_database",
          "pg_db_role_setting",
          "pg_default_acl",
          "pg_depend",
          "pg_description",
          "pg_enum",
          "pg_event_trigger",
          "pg_extension",
          "pg_foreign_table",
          "pg_group",
          "pg_index",
          "pg_indexes",
          "pg_inherits",
          "pg_language",
          "pg_largeobject",
          "pg_locks",
          "pg_matviews",
          "pg_namespace",
          "pg_opclass",
          "pg_operator",
          "pg_policies",
          "pg_policy",
          "pg_proc",
          "pg_publication",
          "pg_range",
          "pg_rewrite",
          "pg_roles",
          "pg_rules",
          "pg_sequence",
          "pg_sequences",
          "pg_settings",
          "pg_shadow",
          "pg_shdepend",
          "pg_shdescription",
          "pg_stat_activity",
          "pg_stat_all_tables",
          "pg_stat_database",
          "pg_stat_user_tables",
          "pg_statistic",
          "pg_stats",
          "pg_tables",
          "pg_tablespace",
          "pg_timezone_names",
          "pg_trigger",
          "pg_ts_config",
          "pg_type",
          "pg_user",
          "pg_views");

  private final List<String> initial;
  private final String role;
  private List<String> schemas;
  private String unknownBecause;

  /**
   * @param initial the schemas the server reported at the start of the session, in order
   * @param role the upstream role, which {@code $user} stands for
   */
  public SearchPath(List<String> initial, String role) {
    this.initial = List.copyOf(initial);
    this.role = role;
    this.schemas = this.initial;
  }

  private SearchPath(SearchPath other) {
    this.initial = other.initial;
    this.role = other.role;
    this.schemas = other.schemas;
    this.unknownBecause = other.unknownBecause;
  }

  /** A copy to try a change on; the session adopts it only once the change is known to hold. */
  public SearchPath fork() {
    return new SearchPath(this);
  }

  /** From now on the gateway cannot tell the path; unqualified names are refused with why. */
  public void unknown(String because) {
    unknownBecause = because;
  }

  /** What an unqualified or qualified table name may be. */
  public sealed interface Resolution {
    /** The tables the name may be; a grant must cover each. */
    record Tables(List<Resource.Table> tables) implements Resolution {}

    /** The gateway cannot know; the reason says how to make it knowable. */
    record Unknown(String reason) implements Resolution {}
  }

  public Resolution resolve(Resource.Table table) {
    if (!table.schema().isEmpty()) {
      return new Resolution.Tables(List.of(table));
    }
    if (CATALOG_RELATIONS.contains(table.name())) {
      return new Resolution.Tables(List.of(in("pg_catalog", table)));
    }
    if (unknownBecause != null) {
      return new Resolution.Unknown(
          "cannot tell which schema \""
              + table.name()
              + "\" is in: "
              + unknownBecause
              + "; qualify the name (schema.table) or SET search_path outside a transaction");
    }
    if (schemas.isEmpty()) {
      return new Resolution.Unknown(
          "cannot resolve \"" + table.name() + "\": the search_path names no existing schema");
    }
    List<Resource.Table> candidates = new ArrayList<>(schemas.size());
    for (String schema : schemas) {
      candidates.add(in(schema, table));
    }
    return new Resolution.Tables(candidates);
  }

  /**
   * A {@code SET search_path} the session is about to run.
   *
   * @param values the new path's entries as written ({@code $user} included)
   */
  public void set(List<String> values) {
    List<String> next = new ArrayList<>();
    for (String value : values) {
      for (String entry : value.split(",")) {
        String schema = entry.strip();
        if (schema.equals("$user")) {
          next.add(role);
        } else if (schema.startsWith("\"") && schema.endsWith("\"") && schema.length() > 1) {
          next.add(schema.substring(1, schema.length() - 1));
        } else if (!schema.isEmpty()) {
          // identifiers arrive folded by the parser; a name inside a string literal is kept as
          // written, so at worst it names a schema no grant covers (refused, never widened)
          next.add(schema);
        }
      }
    }
    next.remove("pg_catalog");
    next.remove("pg_temp");
    schemas = List.copyOf(next);
    unknownBecause = null;
  }

  /** {@code RESET search_path} or {@code SET search_path TO DEFAULT}. */
  public void reset() {
    schemas = initial;
    unknownBecause = null;
  }

  private static Resource.Table in(String schema, Resource.Table table) {
    return new Resource.Table(schema, table.name(), table.columns());
  }
}
