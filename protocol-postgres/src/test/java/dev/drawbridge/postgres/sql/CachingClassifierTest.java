package dev.drawbridge.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingClassifierTest {

  private final PgQuery parser = PgQueryTest.parser();

  @Test
  void statementsThatDifferOnlyInValuesShareAShape() {
    StatementShapes shapes = new StatementShapes(parser);
    assertThat(shapes.shape("select abalance from pgbench_accounts where aid = 17"))
        .isEqualTo(shapes.shape("SELECT abalance FROM pgbench_accounts WHERE aid = 90211 -- hot"));
    assertThat(shapes.shape("select * from t where name = 'x'"))
        .isEqualTo(shapes.shape("select * from t where name = $$y$$"));
    assertThat(shapes.shape("select * from t where id = 1"))
        .isNotEqualTo(shapes.shape("select * from u where id = 1"))
        .isNotEqualTo(shapes.shape("select * from t where id = 1 for update"))
        .isNotEqualTo(shapes.shape("select * from \"T\" where id = 1"));
  }

  @Test
  void aRepeatedDataStatementIsAnsweredFromItsShapeWithItsOwnText() {
    CachingClassifier classifier = new CachingClassifier(parser);
    PreparedStatements session = new PreparedStatements();
    List<ClassifiedStatement> first =
        classifier.classify("select a from s.t where id = 1", session);
    assertThat(classifier.size()).isEqualTo(1);
    List<ClassifiedStatement> second =
        classifier.classify("select a from s.t where id = 2", session);
    assertThat(second).hasSize(1);
    assertThat(second.getFirst().text()).isEqualTo("select a from s.t where id = 2");
    assertThat(second.getFirst().action())
        .isEqualTo(first.getFirst().action())
        .isEqualTo(Action.READ);
    assertThat(second.getFirst().resources()).isEqualTo(first.getFirst().resources());
  }

  @Test
  void unicodeEscapedNamesHaveNoShapeSoTheyAreNeverConfused() {
    StatementShapes shapes = new StatementShapes(parser);
    assertThat(shapes.shape("select * from public.U&\"orders\"")).isEmpty();
    assertThat(shapes.shape("select U&\"ssn\" from public.customers")).isEmpty();
    assertThat(shapes.shape("select U&'\\0041' from t")).isEmpty();
    CachingClassifier classifier = new CachingClassifier(parser);
    PreparedStatements session = new PreparedStatements();
    classifier.classify("select * from public.U&\"orders\"", session);
    assertThat(classifier.size()).isZero();
    assertThat(
            classifier
                .classify("select * from public.U&\"payments\"", session)
                .getFirst()
                .resources())
        .extracting(Object::toString)
        .anySatisfy(resource -> assertThat(resource).contains("payments"));
  }

  @Test
  void utilityStatementsAndSeveralStatementsAreNeverRemembered() {
    CachingClassifier classifier = new CachingClassifier(parser);
    PreparedStatements session = new PreparedStatements();
    classifier.classify("create function f() returns int language sql as 'select 1'", session);
    classifier.classify("copy t to stdout", session);
    classifier.classify("select 1; select 2", session);
    classifier.classify("select pg_read_file('x')", session);
    assertThat(classifier.size()).isZero();
  }

  @Test
  void theSameTextAgainIsAnsweredFromItsTextAlone() {
    CachingClassifier classifier = new CachingClassifier(parser);
    PreparedStatements session = new PreparedStatements();
    String sql = "select a from s.t where id = 1;  ";
    ClassifiedStatement first = classifier.classify(sql, session).getFirst();
    assertThat(classifier.texts()).isEqualTo(1);
    assertThat(classifier.classify(new String(sql), session)).containsExactly(first);
    // the same shape with other values: answered by shape, its text not remembered
    classifier.classify("select a from s.t where id = 7;  ", session);
    assertThat(classifier.texts()).isEqualTo(1);
    classifier.classify("select b from s.t where id = $1", session);
    assertThat(classifier.texts()).isEqualTo(2);
    classifier.classify("select c from s.t where id = 1 /* " + "x".repeat(1_100) + " */", session);
    classifier.classify("copy t to stdout", session);
    classifier.classify("select * from public.U&\"orders\"", session);
    assertThat(classifier.texts()).isEqualTo(2);
  }
}
