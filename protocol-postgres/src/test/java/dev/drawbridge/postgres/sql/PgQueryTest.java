package dev.drawbridge.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PgQueryTest {

  static PgQuery parser() {
    return switch (PgQuery.load()) {
      case PgQuery.Loaded.Available available -> available.parser();
      case PgQuery.Loaded.Missing missing -> throw new IllegalStateException(missing.message());
    };
  }

  @Test
  void parsesWithPostgresGrammarIntoJson() {
    PgQuery.Parsed parsed = parser().parse("select a from public.orders where id = 1");
    assertThat(parsed)
        .isInstanceOfSatisfying(
            PgQuery.Parsed.Tree.class,
            tree ->
                assertThat(tree.json())
                    .contains("\"SelectStmt\"")
                    .contains("\"relname\":\"orders\"")
                    .contains("\"schemaname\":\"public\""));
  }

  @Test
  void aSyntaxErrorIsPostgresOwnMessageWithItsPosition() {
    PgQuery.Parsed parsed = parser().parse("select from where");
    assertThat(parsed)
        .isInstanceOfSatisfying(
            PgQuery.Parsed.Error.class,
            error -> {
              assertThat(error.message()).contains("syntax error at or near \"where\"");
              assertThat(error.cursor()).isEqualTo(13);
            });
  }

  @Test
  void dollarQuotingAndNestedCommentsAreReadAsTheServerReadsThem() {
    PgQuery.Parsed parsed = parser().parse("select $q$ ; delete from t $q$ /* a /* nested */ b */");
    assertThat(parsed)
        .isInstanceOfSatisfying(
            PgQuery.Parsed.Tree.class,
            tree -> assertThat(tree.json()).doesNotContain("DeleteStmt").contains("SelectStmt"));
  }

  @Test
  void fingerprintsIgnoreLiteralValues() {
    PgQuery parser = parser();
    Optional<String> one = parser.fingerprint("select * from t where id = 1");
    Optional<String> two = parser.fingerprint("select * from t where id = 42");
    Optional<String> other = parser.fingerprint("select * from u where id = 1");
    assertThat(one).isPresent().isEqualTo(two);
    assertThat(other).isPresent().isNotEqualTo(one);
    assertThat(parser.fingerprint("select from where")).isEmpty();
  }

  @Test
  void isSafeFromManyThreadsAtOnce() throws Exception {
    PgQuery parser = parser();
    List<String> statements =
        List.of(
            "select a, b from s.t where c = $1",
            "update public.orders set status = 'x' where id = 7",
            "with d as (delete from t returning *) select * from d",
            "select from where");
    List<String> expected = statements.stream().map(s -> String.valueOf(parser.parse(s))).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Callable<Boolean> work =
            () -> {
              for (int i = 0; i < 2_000; i++) {
                int k = i % statements.size();
                if (!String.valueOf(parser.parse(statements.get(k))).equals(expected.get(k))) {
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

  @Test
  void aMissingLibrarySaysHowToInstallIt() {
    PgQuery.Loaded loaded = PgQuery.load(Optional.of("/nonexistent/libpg_query.so"));
    assertThat(loaded)
        .isInstanceOfSatisfying(
            PgQuery.Loaded.Missing.class,
            missing ->
                assertThat(missing.message())
                    .contains("/nonexistent/libpg_query.so")
                    .contains("apt-get install libpg-query1504.0"));
  }
}
