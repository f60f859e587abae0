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
  void remembersAndForgetsByName() {
    PreparedStatements session = new PreparedStatements();
    assertThat(session.lookup("p")).isEmpty();

    session.prepared("p", List.of(READ));
    session.prepared("q", List.of(WRITE));
    assertThat(session.lookup("p")).contains(List.of(READ));

    session.deallocate("p");
    assertThat(session.lookup("p")).isEmpty();
    assertThat(session.lookup("q")).contains(List.of(WRITE));

    session.deallocateAll();
    assertThat(session.lookup("q")).isEmpty();
  }

  @Test
  void aNamePreparedAgainStandsForBothUntilDeallocated() {
    PreparedStatements session = new PreparedStatements();
    session.prepared("p", List.of(READ));
    session.prepared("p", List.of(WRITE));

    assertThat(session.lookup("p")).contains(List.of(READ, WRITE));
  }
}
