package dev.drawbridge.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.Action;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlNamesTest {

  @ParameterizedTest(name = "{0}.{1} -> {2}")
  @CsvSource({
    "'', count, READ",
    "pg_catalog, count, READ",
    "PG_CATALOG, Lower, EXECUTE",
    "'', LOWER, EXECUTE",
    "public, count, EXECUTE",
    "'', my_function, EXECUTE",
    "'', nextval, EXECUTE",
    "'', pg_read_file, ADMIN",
    "pg_catalog, pg_read_file, ADMIN",
    "evil, PG_READ_FILE, ADMIN",
    "'', dblink_connect, ADMIN",
    "'', pg_logical_slot_get_changes, ADMIN",
    "'', pg_replication_origin_create, ADMIN",
    "'', pg_stat_reset, ADMIN",
    "'', set_config, ADMIN",
    "'', table_to_xml, ADMIN",
    "'', pg_get_viewdef, READ",
    "'', pg_stat_get_activity, EXECUTE",
    "information_schema, _pg_expandarray, READ",
    "'', _pg_expandarray, EXECUTE",
  })
  void aCallIsJudgedByItsNameAndSchema(String schema, String name, Action expected) {
    assertThat(SqlNames.callAction(schema, name)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} or {1} -> {2}")
  @CsvSource({
    "SESSION, READ, READ",
    "READ, EXECUTE, EXECUTE",
    "WRITE, EXECUTE, WRITE",
    "WRITE, DDL, DDL",
    "ADMIN, DDL, ADMIN",
    "ADMIN, UNKNOWN, UNKNOWN",
    "UNKNOWN, SESSION, UNKNOWN",
  })
  void theStrongestActionWins(Action one, Action other, Action expected) {
    assertThat(ActionOrder.strongest(one, other)).isEqualTo(expected);
    assertThat(ActionOrder.strongest(other, one)).isEqualTo(expected);
    assertThat(ActionOrder.strongest(null, one)).isEqualTo(one);
  }
}
