package dev.drawbridge.postgres.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ViewLineageTest {

  /**
   * {@code pg_rewrite.ev_action} of, as PostgreSQL 15 stored it: {@code create view v3 as select
   * c.id, (select 1) as one, c.ssn as "weird :resorigtbl ( }" from cust c where c.name <> 'x y'
   * order by 1}, with {@code cust} as OID 16388 (ssn its column 2). The scalar subquery has a
   * target list of its own, which must not be read as the view's.
   */
  private static String storedQuery() throws IOException {
    try (InputStream in = ViewLineageTest.class.getResourceAsStream("view-query.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  @Test
  void eachViewColumnHasTheOriginPostgresqlRecorded() throws IOException {
    assertThat(ViewLineage.of(storedQuery()))
        .containsExactly(
            new ViewLineage.Origin(1, 16388, 1),
            new ViewLineage.Origin(2, 0, 0),
            new ViewLineage.Origin(3, 16388, 2));
  }

  @Test
  void aComputedColumnHasNoOrigin() throws IOException {
    assertThat(ViewLineage.of(storedQuery()).get(1).computed()).isTrue();
    assertThat(ViewLineage.of(storedQuery()).get(2).computed()).isFalse();
  }

  @Test
  void textOfAnotherShapeIsRefusedRatherThanGuessed() {
    assertThatThrownBy(() -> ViewLineage.of("({QUERY :commandType 1 :targetList ({FOO})})"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ViewLineage.of("({QUERY :commandType 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ViewLineage.of("garbage"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aQueryWithoutColumnsHasNoOrigins() {
    assertThat(ViewLineage.of("({QUERY :commandType 1 :targetList <> :override 0})")).isEmpty();
  }
}
