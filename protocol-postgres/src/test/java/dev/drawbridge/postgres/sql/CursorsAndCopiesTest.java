package dev.drawbridge.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CursorsAndCopiesTest {

  private static final PgQuery PARSER = PgQueryTest.parser();
  private static final Set<String> OPTIONS = Set.of("delimiter", "quote", "null");

  @Test
  void aFetchNamesItsCursor() {
    assertThat(CursorsAndCopies.fetchedCursor(PARSER, "fetch 10 from \"My Cursor\""))
        .contains("My Cursor");
    assertThat(CursorsAndCopies.fetchedCursor(PARSER, "select 1")).isEmpty();
  }

  @Test
  void aCopyOutNamesTheFirstListedOptionItSets() {
    assertThat(CursorsAndCopies.copyOutOption(PARSER, "copy t to stdout (delimiter ' ')", OPTIONS))
        .contains("delimiter");
    assertThat(CursorsAndCopies.copyOutOption(PARSER, "copy t to stdout with null 'x'", OPTIONS))
        .contains("null");
    assertThat(CursorsAndCopies.copyOutOption(PARSER, "copy t to stdout (format csv)", OPTIONS))
        .isEmpty();
    assertThat(
            CursorsAndCopies.copyOutOption(
                PARSER, "copy (select '\"defname\":\"quote\"') to stdout", OPTIONS))
        .isEmpty();
    assertThat(CursorsAndCopies.copyOutOption(PARSER, "copy t from stdin (delimiter ' ')", OPTIONS))
        .isEmpty();
  }
}
