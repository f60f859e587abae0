package dev.drawbridge.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreparedStatementsTest {

  private static final ClassifiedStatement READ =
      new ClassifiedStatement(Action.READ, "SELECT", List.of(), "prepare p as select 1");
  private static final ClassifiedStatement WRITE =
      new ClassifiedStatement(Action.WRITE, "DELETE", List.of(), "prepare p as delete from t");

  @Test
  void remembersByNameAndNeverForgets() {
    PreparedStatements session = new PreparedStatements();
    assertThat(session.lookup("p")).isEmpty();

    session.prepared("p", List.of(READ));
    session.prepared("q", List.of(WRITE));
    assertThat(session.lookup("p")).contains(List.of(READ));

    // the server may not run the DEALLOCATE the gateway saw (its batch can fail first)
    session.deallocate("p");
    session.deallocateAll();
    assertThat(session.lookup("p")).contains(List.of(READ));
    assertThat(session.lookup("q")).contains(List.of(WRITE));
  }

  @Test
  void aNamePreparedAgainStandsForBoth() {
    PreparedStatements session = new PreparedStatements();
    session.prepared("p", List.of(READ));
    session.prepared("p", List.of(WRITE));

    assertThat(session.lookup("p")).contains(List.of(READ, WRITE));
  }
}
