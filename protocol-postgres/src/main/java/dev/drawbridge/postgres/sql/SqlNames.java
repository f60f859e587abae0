package dev.drawbridge.postgres.sql;

import dev.drawbridge.core.model.Action;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names the classifier judges by: functions that administer the server, functions known to be
 * harmless, settings an agent may change, languages that cannot reach the operating system, and
 * object kinds that only administrators create. Every list is a named constant, so a review reads
 * them in one place.
 */
final class SqlNames {

  /**
   * Functions that read or write server files, act on other sessions, change settings or the
   * server's state, reach other servers, or run SQL text the gateway never sees: a statement that
   * calls one, under any schema, is {@link Action#ADMIN}. By paragraph: server files; other
   * sessions and the server itself; SQL text run inside the server, which no grant could be checked
   * against.
   */
  static final Set<String> DANGEROUS_FUNCTIONS =
      names(
          """
          pg_read_file pg_read_binary_file pg_ls_dir pg_stat_file pg_ls_logdir pg_ls_waldir
          pg_ls_tmpdir pg_ls_archive_statusdir pg_ls_logicalsnapdir pg_ls_logicalmapdir
          pg_ls_replslotdir lo_import lo_export pg_file_write pg_file_rename pg_file_unlink
          pg_file_sync pg_logdir_ls

          pg_terminate_backend pg_cancel_backend set_config pg_reload_conf pg_rotate_logfile
          pg_promote pg_switch_wal pg_create_restore_point pg_backup_start pg_backup_stop
          pg_start_backup pg_stop_backup pg_wal_replay_pause pg_wal_replay_resume
          pg_log_backend_memory_contexts pg_import_system_collations
          pg_create_physical_replication_slot pg_create_logical_replication_slot
          pg_drop_replication_slot pg_copy_physical_replication_slot
          pg_copy_logical_replication_slot pg_stat_statements_reset

          query_to_xml query_to_xmlschema query_to_xml_and_xmlschema cursor_to_xml
          cursor_to_xmlschema table_to_xml table_to_xmlschema table_to_xml_and_xmlschema
          schema_to_xml schema_to_xmlschema schema_to_xml_and_xmlschema database_to_xml
          database_to_xmlschema database_to_xml_and_xmlschema ts_stat
          """);

  /** Prefixes of dangerous function families: dblink, logical decoding, replication origins. */
  static final List<String> DANGEROUS_FUNCTION_PREFIXES =
      List.of("dblink", "pg_logical_", "pg_replication_", "pg_stat_reset", "pg_file_");

  /**
   * Built-in functions of {@code pg_catalog} known to have no effect beyond their result: calling
   * them keeps a statement what it otherwise is. Any other function may write, so calling it makes
   * the statement at least {@link Action#EXECUTE}. By paragraph: aggregates and window functions;
   * dates and times; strings; numbers; conditionals, arrays and ranges; JSON and XML; session
   * information and catalog introspection.
   */
  static final Set<String> SAFE_FUNCTIONS =
      names(
          """
          count sum avg min max array_agg string_agg json_agg jsonb_agg json_object_agg
          jsonb_object_agg bool_and bool_or every bit_and bit_or bit_xor stddev stddev_pop
          stddev_samp variance var_pop var_samp corr covar_pop covar_samp regr_avgx regr_avgy
          regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy percentile_cont
          percentile_disc mode rank dense_rank percent_rank cume_dist row_number ntile lag lead
          first_value last_value nth_value xmlagg range_agg range_intersect_agg grouping

          now current_timestamp clock_timestamp statement_timestamp transaction_timestamp
          timeofday date_trunc date_part extract date_bin age make_date make_time make_timestamp
          make_timestamptz make_interval to_timestamp to_date to_char to_number justify_days
          justify_hours justify_interval isfinite timezone overlaps

          lower upper initcap length char_length character_length octet_length bit_length substr
          substring left right lpad rpad ltrim rtrim btrim trim concat concat_ws replace reverse
          repeat split_part strpos position format quote_ident quote_literal quote_nullable
          regexp_replace regexp_match regexp_matches regexp_split_to_array regexp_split_to_table
          regexp_like regexp_count regexp_instr regexp_substr starts_with md5 sha224 sha256 sha384
          sha512 encode decode convert convert_from convert_to ascii chr translate overlay
          string_to_array string_to_table array_to_string to_hex to_ascii unistr normalize
          is_normalized text like_escape

          abs round ceil ceiling floor trunc mod power pow sqrt cbrt exp ln log log10 sign div pi
          degrees radians sin cos tan asin acos atan atan2 random width_bucket gcd lcm factorial
          numeric scale min_scale trim_scale

          coalesce nullif greatest least array_length array_lower array_upper array_ndims
          array_dims cardinality array_append array_prepend array_cat array_position
          array_positions array_remove array_replace array_fill trim_array unnest generate_series
          generate_subscripts lower_inc upper_inc lower_inf upper_inf isempty range_merge

          to_json to_jsonb row_to_json array_to_json json_build_object jsonb_build_object
          json_build_array jsonb_build_array json_object jsonb_object json_array_elements
          jsonb_array_elements json_array_elements_text jsonb_array_elements_text json_each
          jsonb_each json_each_text jsonb_each_text json_extract_path jsonb_extract_path
          json_extract_path_text jsonb_extract_path_text json_object_keys jsonb_object_keys
          json_typeof jsonb_typeof json_array_length jsonb_array_length jsonb_set jsonb_set_lax
          jsonb_insert jsonb_pretty jsonb_strip_nulls json_strip_nulls jsonb_path_query
          jsonb_path_query_array jsonb_path_query_first jsonb_path_exists jsonb_path_match
          json_populate_record jsonb_populate_record json_populate_recordset
          jsonb_populate_recordset json_to_record jsonb_to_record json_to_recordset
          jsonb_to_recordset xmlparse xpath xpath_exists xmlconcat xmlelement xmlforest

          current_setting current_database current_catalog current_schema current_schemas
          current_user current_role session_user user version pg_backend_pid
          pg_postmaster_start_time pg_conf_load_time pg_is_in_recovery pg_current_xact_id
          txid_current pg_current_wal_lsn gen_random_uuid inet_client_addr inet_client_port
          inet_server_addr inet_server_port pg_my_temp_schema pg_is_other_temp_schema
          pg_listening_channels pg_jit_available pg_trigger_depth pg_notification_queue_usage
          pg_client_encoding pg_blocking_pids pg_safe_snapshot_blocking_pids pg_typeof format_type
          has_table_privilege has_schema_privilege has_column_privilege has_any_column_privilege
          has_database_privilege has_function_privilege has_sequence_privilege
          has_language_privilege has_tablespace_privilege has_type_privilege has_server_privilege
          has_foreign_data_wrapper_privilege has_parameter_privilege pg_has_role
          row_security_active obj_description col_description shobj_description
          pg_table_is_visible pg_type_is_visible pg_function_is_visible pg_operator_is_visible
          pg_opclass_is_visible pg_opfamily_is_visible pg_collation_is_visible
          pg_conversion_is_visible pg_statistics_obj_is_visible pg_ts_config_is_visible
          pg_ts_dict_is_visible pg_ts_parser_is_visible pg_ts_template_is_visible pg_relation_size
          pg_total_relation_size pg_table_size pg_indexes_size pg_database_size pg_tablespace_size
          pg_size_pretty pg_size_bytes pg_column_size pg_column_compression pg_relation_filenode
          pg_relation_filepath pg_encoding_to_char pg_char_to_encoding pg_tablespace_location
          pg_index_column_has_property pg_index_has_property pg_indexam_has_property
          pg_options_to_table pg_describe_object pg_identify_object pg_identify_object_as_address
          pg_partition_tree pg_partition_root pg_partition_ancestors pg_collation_actual_version
          pg_relation_is_publishable pg_sequence_parameters to_regclass to_regtype to_regproc
          to_regprocedure to_regnamespace to_regrole to_regoper to_regoperator to_regcollation
          array_in oidvectortypes pg_encoding_max_length pg_tablespace_databases
          """);

  /**
   * Prefixes of harmless introspection families ({@code pg_get_viewdef}, …). Not {@code
   * pg_stat_get_…}: {@code pg_stat_get_activity} returns other sessions' statement text.
   */
  static final List<String> SAFE_FUNCTION_PREFIXES = List.of("pg_get_");

  /** Schemas whose functions the safe lists speak of. */
  private static final Set<String> CATALOG_SCHEMAS = Set.of("", "pg_catalog");

  /**
   * Settings an agent may change with {@code SET}/{@code RESET} as a harmless session action. Any
   * other setting, including custom ones such as {@code app.tenant_id} that row-level security
   * policies often read, is {@link Action#ADMIN}. Three of them are harmless only with some values
   * (see {@code SessionRules}): {@code search_path} must not put a schema before {@code
   * pg_catalog}, and {@code client_encoding} and {@code standard_conforming_strings} must keep the
   * lexical rules this gateway's parser reads statements with.
   */
  static final Set<String> SAFE_SETTINGS =
      names(
          """
          search_path statement_timeout lock_timeout idle_in_transaction_session_timeout
          idle_session_timeout application_name timezone datestyle intervalstyle client_encoding
          client_min_messages extra_float_digits bytea_output work_mem maintenance_work_mem
          hash_mem_multiplier temp_buffers default_transaction_isolation
          default_transaction_read_only default_transaction_deferrable transaction_isolation
          transaction_read_only transaction_deferrable standard_conforming_strings
          escape_string_warning lc_monetary lc_numeric lc_time default_text_search_config
          xmlbinary xmloption quote_all_identifiers row_security synchronous_commit
          timezone_abbreviations enable_bitmapscan enable_gathermerge enable_hashagg
          enable_hashjoin enable_incremental_sort enable_indexscan enable_indexonlyscan
          enable_material enable_memoize enable_mergejoin enable_nestloop enable_parallel_append
          enable_parallel_hash enable_partition_pruning enable_partitionwise_join
          enable_partitionwise_aggregate enable_seqscan enable_sort enable_tidscan
          random_page_cost seq_page_cost cpu_tuple_cost cpu_index_tuple_cost cpu_operator_cost
          effective_cache_size effective_io_concurrency jit geqo from_collapse_limit
          join_collapse_limit plan_cache_mode cursor_tuple_fraction constraint_exclusion
          default_statistics_target max_parallel_workers_per_gather parallel_setup_cost
          parallel_tuple_cost check_function_bodies default_toast_compression
          gin_fuzzy_search_limit array_nulls
          """);

  /**
   * {@code SET TRANSACTION …}, {@code SET SESSION CHARACTERISTICS AS TRANSACTION …} and {@code SET
   * TRANSACTION SNAPSHOT …}, as the parser names them: isolation level, read-only and deferrable
   * modes, a snapshot to read from. Session actions.
   */
  static final Set<String> SAFE_TRANSACTION_SETTINGS =
      Set.of("TRANSACTION", "SESSION CHARACTERISTICS", "TRANSACTION SNAPSHOT");

  /**
   * Languages whose code cannot reach the server's files or processes (PostgreSQL's trusted
   * languages). {@code DO} or {@code CREATE FUNCTION} in any other language is {@link
   * Action#ADMIN}.
   */
  static final Set<String> TRUSTED_LANGUAGES =
      names(
          """
          sql plpgsql plperl pltcl plv8 pllua
          """);

  /**
   * Object kinds (PostgreSQL's {@code ObjectType}) that concern roles, privileges, the server or
   * other servers: creating, altering, renaming or dropping one is {@link Action#ADMIN}.
   */
  static final Set<String> ADMIN_OBJECT_TYPES =
      names(
          """
          OBJECT_ROLE OBJECT_DATABASE OBJECT_TABLESPACE OBJECT_EXTENSION OBJECT_FDW
          OBJECT_FOREIGN_SERVER OBJECT_USER_MAPPING OBJECT_EVENT_TRIGGER OBJECT_LANGUAGE
          OBJECT_PUBLICATION OBJECT_PUBLICATION_NAMESPACE OBJECT_PUBLICATION_REL
          OBJECT_SUBSCRIPTION OBJECT_ACCESS_METHOD OBJECT_POLICY OBJECT_OPCLASS OBJECT_OPFAMILY
          OBJECT_PARAMETER_ACL OBJECT_DEFACL
          """);

  /**
   * {@code ALTER TABLE} sub-commands that change who may see or change rows, or whether triggers
   * and rules (often audit or integrity code) fire: {@link Action#ADMIN}, not ddl.
   */
  static final Set<String> ADMIN_TABLE_COMMANDS =
      names(
          """
          AT_ChangeOwner AT_EnableRowSecurity AT_DisableRowSecurity AT_ForceRowSecurity
          AT_NoForceRowSecurity AT_DisableTrig AT_DisableTrigAll AT_DisableTrigUser
          AT_EnableReplicaTrig AT_EnableAlwaysTrig AT_DisableRule AT_EnableReplicaRule
          AT_EnableAlwaysRule
          """);

  /** Object kinds that are relations: their names become table resources. */
  static final Set<String> RELATION_OBJECT_TYPES =
      names(
          """
          OBJECT_TABLE OBJECT_VIEW OBJECT_MATVIEW OBJECT_INDEX OBJECT_SEQUENCE
          OBJECT_FOREIGN_TABLE
          """);

  /** Object kinds named by a table and a name of their own ({@code trigger ON table}). */
  static final Set<String> TABLE_MEMBER_OBJECT_TYPES =
      names(
          """
          OBJECT_COLUMN OBJECT_TRIGGER OBJECT_RULE OBJECT_POLICY OBJECT_TABCONSTRAINT
          """);

  /** Object kinds that are routines: their names become function resources. */
  static final Set<String> ROUTINE_OBJECT_TYPES =
      names(
          """
          OBJECT_FUNCTION OBJECT_PROCEDURE OBJECT_ROUTINE OBJECT_AGGREGATE
          """);

  private SqlNames() {}

  /**
   * What calling a function makes a statement, at least.
   *
   * @param schema the schema as written, empty when unqualified
   * @param name the function's name as PostgreSQL folded it
   * @return {@link Action#ADMIN} for a dangerous function, {@link Action#READ} for a safe built-in,
   *     else {@link Action#EXECUTE}
   */
  static Action callAction(String schema, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (DANGEROUS_FUNCTIONS.contains(lower) || startsWithAny(lower, DANGEROUS_FUNCTION_PREFIXES)) {
      return Action.ADMIN;
    }
    // safe only under its exact, folded name: a quoted "LOWER" is a user's function
    if (CATALOG_SCHEMAS.contains(schema)) {
      if (SAFE_FUNCTIONS.contains(name) || startsWithAny(name, SAFE_FUNCTION_PREFIXES)) {
        return Action.READ;
      }
    } else if (schema.equals("information_schema") && name.startsWith("_pg_")) {
      // information_schema's own helpers (_pg_expandarray, _pg_char_max_length, …)
      return Action.READ;
    }
    return Action.EXECUTE;
  }

  /**
   * Whether a call is the aggregate {@code count}, which reveals how many values there are but none
   * of them.
   *
   * @param schema the schema as written, empty when unqualified
   * @param name the function's name as PostgreSQL folded it
   */
  static boolean isCount(String schema, String name) {
    return CATALOG_SCHEMAS.contains(schema) && name.equals("count");
  }

  /** Whether code in {@code language} stays inside the database. */
  static boolean trusted(String language) {
    return TRUSTED_LANGUAGES.contains(language.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code SET}/{@code RESET} of {@code setting} is a harmless session action. */
  static boolean safeSetting(String setting) {
    return SAFE_SETTINGS.contains(setting.toLowerCase(Locale.ROOT));
  }

  /** {@code OBJECT_MATVIEW} as SQL writes it: {@code MATERIALIZED VIEW}. */
  static String objectWord(String objectType) {
    return switch (objectType) {
      case "OBJECT_MATVIEW" -> "MATERIALIZED VIEW";
      case "OBJECT_FDW" -> "FOREIGN DATA WRAPPER";
      case "OBJECT_FOREIGN_SERVER" -> "SERVER";
      case "OBJECT_STATISTIC_EXT" -> "STATISTICS";
      case "OBJECT_TSCONFIGURATION" -> "TEXT SEARCH CONFIGURATION";
      case "OBJECT_TSDICTIONARY" -> "TEXT SEARCH DICTIONARY";
      case "OBJECT_TSPARSER" -> "TEXT SEARCH PARSER";
      case "OBJECT_TSTEMPLATE" -> "TEXT SEARCH TEMPLATE";
      case "OBJECT_OPCLASS" -> "OPERATOR CLASS";
      case "OBJECT_OPFAMILY" -> "OPERATOR FAMILY";
      case "OBJECT_TABCONSTRAINT", "OBJECT_DOMCONSTRAINT" -> "CONSTRAINT";
      case "OBJECT_LARGEOBJECT" -> "LARGE OBJECT";
      default ->
          objectType.startsWith("OBJECT_")
              ? objectType.substring("OBJECT_".length()).replace('_', ' ')
              : objectType;
    };
  }

  /** The whitespace-separated names of a text block, split once when the class loads. */
  private static Set<String> names(String block) {
    return Set.of(block.strip().split("\\s+"));
  }

  private static boolean startsWithAny(String name, List<String> prefixes) {
    for (int i = 0; i < prefixes.size(); i++) {
      if (name.startsWith(prefixes.get(i))) {
        return true;
      }
    }
    return false;
  }
}
