package dev.drawbridge.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatementClassifierTest {

  private static PgQuery parser;
  private static StatementClassifier classifier;

  @BeforeAll
  static void classifier() {
    parser = PgQueryTest.parser();
    classifier = new StatementClassifier(parser);
  }

  @Test
  void textWithoutStatementsIsNoStatement() {
    assertThat(classifier.classify("")).isEmpty();
    assertThat(classifier.classify("  \n\t ")).isEmpty();
    assertThat(classifier.classify("-- only a comment")).isEmpty();
    assertThat(classifier.classify("/* a /* nested */ comment */ ;")).isEmpty();
  }

  @Test
  void unparsableTextIsOneUnknownStatementWithTheWholeText() {
    String sql = "select 1; delete frm orders";
    assertThat(classifier.classify(sql))
        .containsExactly(
            new ClassifiedStatement(
                Action.UNKNOWN, StatementClassifier.UNPARSABLE, List.of(), sql));
  }

  @Test
  void eachStatementCarriesItsOwnSliceOfTheTextEvenAfterMultiByteCharacters() {
    List<ClassifiedStatement> statements =
        classifier.classify(
            "select 'é';  /* c */ delete from t where x = 'ü;ö' ;\nselect '日本' -- end");

    assertThat(statements)
        .extracting(ClassifiedStatement::text)
        .containsExactly(
            "select 'é'", "/* c */ delete from t where x = 'ü;ö'", "select '日本' -- end");
    assertThat(statements)
        .extracting(ClassifiedStatement::action)
        .containsExactly(Action.READ, Action.WRITE, Action.READ);
  }

  @Test
  void theOneActionOfAStatementCoversEveryResourceItTouches() {
    ClassifiedStatement delete =
        only(classifier.classify("delete from a where id in (select a_id from b)"));

    assertThat(delete.action()).isEqualTo(Action.WRITE);
    assertThat(delete.resources())
        .containsExactly(
            new Resource.Table("", "a", List.of()), new Resource.Table("", "b", List.of("a_id")));
  }

  @Test
  void aTableNamedTwiceIsOneResourceWithTheColumnsOfBoth() {
    ClassifiedStatement select =
        only(classifier.classify("select x.a, y.b from s.t x join s.t y on x.id = y.parent"));

    assertThat(select.resources())
        .containsExactly(new Resource.Table("s", "t", List.of("id", "parent", "a", "b")));
  }

  @Test
  void aDeleteTouchesEveryColumnWhateverItsConditionNames() {
    // a grant to write orders.status must not allow deleting whole rows by status
    ClassifiedStatement delete = only(classifier.classify("delete from orders where status = 'x'"));

    assertThat(delete.resources()).containsExactly(new Resource.Table("", "orders", List.of()));
  }

  @Test
  void classifyingAParseResultIsTheSameAsClassifyingTheText() {
    String sql = "select a from t; update t set a = 1";
    assertThat(classifier.classify(parser.parse(sql), sql)).isEqualTo(classifier.classify(sql));
  }

  @Test
  void executeIsWhatTheSessionPreparedUnderThatName() {
    PreparedStatements session = new PreparedStatements();
    classifier.classify("prepare wipe (bigint) as delete from orders where id = $1", session);

    ClassifiedStatement execute = only(classifier.classify("EXECUTE wipe(42)", session));

    assertThat(execute.action()).isEqualTo(Action.WRITE);
    assertThat(execute.verb()).isEqualTo("EXECUTE");
    assertThat(execute.resources()).containsExactly(new Resource.Table("", "orders", List.of()));
    assertThat(execute.text()).isEqualTo("EXECUTE wipe(42)");
    assertThat(session.lookup("wipe").orElseThrow())
        .singleElement()
        .satisfies(
            prepared -> {
              assertThat(prepared.verb()).isEqualTo("DELETE");
              assertThat(prepared.text()).startsWith("prepare wipe");
            });
  }

  @Test
  void executeWithoutASessionOrOfAnUnknownNameIsUnknown() {
    classifier.classify("prepare p as select 1");
    assertThat(only(classifier.classify("execute p")).action()).isEqualTo(Action.UNKNOWN);
    assertThat(only(classifier.classify("execute p", new PreparedStatements())).action())
        .isEqualTo(Action.UNKNOWN);
  }

  @Test
  void deallocateAndDiscardAllDoNotMakeTheGatewayForgetAPreparedStatement() {
    PreparedStatements session = new PreparedStatements();
    classifier.classify("prepare a as delete from t; select 1/0; deallocate a", session);
    classifier.classify("deallocate all", session);
    classifier.classify("discard all", session);
    // the server may still hold "a": its DEALLOCATE never ran once 1/0 failed
    assertThat(classifier.classify("execute a", session).getFirst().action())
        .isEqualTo(Action.WRITE);
  }

  @Test
  void aNamePreparedTwiceNeedsWhatEitherStatementNeeds() {
    // the server refuses the second PREPARE, or never saw a refused first: the gateway cannot know
    PreparedStatements session = new PreparedStatements();
    classifier.classify("prepare p as select * from a", session);
    classifier.classify("prepare p as delete from b", session);

    ClassifiedStatement execute = only(classifier.classify("execute p", session));

    assertThat(execute.action()).isEqualTo(Action.WRITE);
    assertThat(execute.resources())
        .containsExactly(
            new Resource.Table("", "a", List.of()), new Resource.Table("", "b", List.of()));
  }

  @Test
  void aStatementKindItDoesNotKnowIsUnknownAndStillNamesWhatItTouches() {
    String json =
        """
        {"version":150001,"stmts":[{"stmt":{"FutureStmt":{
          "target":{"schemaname":"s","relname":"secrets","inh":true},
          "expr":{"FuncCall":{"funcname":[{"String":{"sval":"f"}}],"funcformat":"COERCE_EXPLICIT_CALL"}}
        }}}]}
        """;

    ClassifiedStatement statement =
        only(classifier.classify(new PgQuery.Parsed.Tree(json), "future statement"));

    assertThat(statement.action()).isEqualTo(Action.UNKNOWN);
    assertThat(statement.verb()).isEqualTo("FutureStmt");
    assertThat(statement.resources())
        .containsExactly(
            new Resource.Table("s", "secrets", List.of()), new Resource.Function("", "f"));
  }

  @Test
  void nodeTypesItDoesNotKnowInsideASelectStillHaveTheirTablesCallsAndWritesFound() {
    String json =
        """
        {"version":150001,"stmts":[{"stmt":{"SelectStmt":{
          "targetList":[{"ResTarget":{"val":{"FutureExpr":{"arg":
            {"FuncCall":{"funcname":[{"String":{"sval":"pg_read_file"}}],"funcformat":"COERCE_EXPLICIT_CALL"}}}}}}],
          "fromClause":[{"FutureFromItem":{"relation":{"RangeVar":{"relname":"t","inh":true}},
            "inner":{"DeleteStmt":{"relation":{"relname":"u","inh":true}}}}}],
          "op":"SETOP_NONE"}}}]}
        """;

    ClassifiedStatement statement =
        only(classifier.classify(new PgQuery.Parsed.Tree(json), "future select"));

    assertThat(statement.action()).isEqualTo(Action.ADMIN);
    assertThat(statement.resources())
        .containsExactly(
            new Resource.Table("", "t", List.of()),
            new Resource.Table("", "u", List.of()),
            new Resource.Function("", "pg_read_file"));
  }

  @Test
  void aDataModifyingStatementHiddenInAnUnknownNodeStillMakesItAWrite() {
    String json =
        """
        {"version":150001,"stmts":[{"stmt":{"SelectStmt":{
          "targetList":[{"ResTarget":{"val":{"FutureExpr":{"arg":
            {"UpdateStmt":{"relation":{"relname":"u"},"targetList":[{"ResTarget":{"name":"c"}}]}}}}}}],
          "op":"SETOP_NONE"}}}]}
        """;

    ClassifiedStatement statement =
        only(classifier.classify(new PgQuery.Parsed.Tree(json), "future select"));

    assertThat(statement.action()).isEqualTo(Action.WRITE);
    assertThat(statement.resources()).containsExactly(new Resource.Table("", "u", List.of("c")));
  }

  @Test
  void aTreeOfAnUnexpectedShapeFailsClosed() {
    String json =
        """
        {"version":150001,"stmts":[{"stmt":{"DeleteStmt":{"whereClause":{}}},"stmt_len":8},
          {"stmt":{},"stmt_location":9}]}
        """;

    assertThat(classifier.classify(new PgQuery.Parsed.Tree(json), "select 1;select 2"))
        .extracting(ClassifiedStatement::action)
        .containsOnly(Action.UNKNOWN);
  }

  @Test
  void expressionsNestedTooDeeplyToReadAreUnknownNotAnError() {
    String deep = "select " + "1+".repeat(2_000) + "1";
    String moderate = "select " + "a+".repeat(300) + "1 from t";

    assertThat(only(classifier.classify(deep)).action()).isEqualTo(Action.UNKNOWN);
    assertThat(only(classifier.classify(moderate)).action()).isEqualTo(Action.READ);
  }

  @Test
  void isSafeFromManyThreadsAtOnce() throws Exception {
    List<String> statements =
        List.of(
            "select a, b from s.t where c = $1",
            "with d as (delete from t returning *) select * from d",
            "select pg_read_file('x')",
            "set role postgres",
            "select from where");
    List<List<ClassifiedStatement>> expected =
        statements.stream().map(classifier::classify).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Callable<Boolean> work =
            () -> {
              for (int i = 0; i < 1_000; i++) {
                int k = i % statements.size();
                if (!classifier.classify(statements.get(k)).equals(expected.get(k))) {
                  return false;
                }
              }
              return true;
            };
        results.add(pool.submit(work));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static ClassifiedStatement only(List<ClassifiedStatement> statements) {
    assertThat(statements).hasSize(1);
    return statements.getFirst();
  }
}
