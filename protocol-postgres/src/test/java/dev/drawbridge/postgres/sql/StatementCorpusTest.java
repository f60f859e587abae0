package dev.drawbridge.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classification corpus ({@code corpus.tsv}): reads, writes, ddl, admin and session statements,
 * psql's and pgjdbc's catalog queries, pgbench's statements, and attempts to smuggle a write or an
 * administrative action past the classifier. Each line is one batch with its expected verbs,
 * actions and resources, in the compact form the file's header describes.
 */
class StatementCorpusTest {

  private static final String CORPUS = "corpus.tsv";

  private static StatementClassifier classifier;

  /** One line of the corpus. */
  record Case(int line, String sql, String verbs, String actions, String resources) {
    @Override
    public String toString() {
      String oneLine = sql.replace('\n', ' ');
      return "line "
          + line
          + ": "
          + (oneLine.length() > 90 ? oneLine.substring(0, 90) + "…" : oneLine);
    }
  }

  @BeforeAll
  static void classifier() {
    classifier = new StatementClassifier(PgQueryTest.parser());
  }

  static List<Case> corpus() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in =
            Objects.requireNonNull(
                StatementCorpusTest.class.getResourceAsStream(CORPUS), CORPUS + " is missing");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        if (fields.length != 4) {
          throw new IllegalStateException(
              CORPUS + " line " + number + " has " + fields.length + " columns, not 4");
        }
        cases.add(
            new Case(number, fields[0].replace('\u23ce', '\n'), fields[1], fields[2], fields[3]));
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void classifiesAsExpected(Case expected) {
    List<ClassifiedStatement> statements =
        classifier.classify(expected.sql(), new PreparedStatements());

    assertThat(join(statements, ClassifiedStatement::verb)).as("verbs").isEqualTo(expected.verbs());
    assertThat(join(statements, statement -> statement.action().configName()))
        .as("actions")
        .isEqualTo(expected.actions());
    assertThat(join(statements, statement -> compact(statement.resources())))
        .as("resources")
        .isEqualTo(expected.resources());
  }

  @Test
  void theCorpusIsLargeAndReachesEveryActionAStatementCanHave() throws IOException {
    List<Case> cases = corpus();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
    Set<String> actions =
        cases.stream()
            .flatMap(c -> List.of(c.actions().split(" \\| ")).stream())
            .collect(Collectors.toSet());
    Set<String> expected =
        EnumSet.complementOf(EnumSet.of(Action.CONNECT)).stream()
            .map(Action::configName)
            .collect(Collectors.toSet());
    assertThat(actions).isEqualTo(expected);
  }

  private static String join(
      List<ClassifiedStatement> statements,
      java.util.function.Function<ClassifiedStatement, String> part) {
    return statements.stream().map(part).collect(Collectors.joining(" | "));
  }

  /** {@code t:schema.name(a,b);f:schema.name}, or {@code -} for none. */
  static String compact(List<Resource> resources) {
    if (resources.isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>(resources.size());
    for (Resource resource : resources) {
      parts.add(
          switch (resource) {
            case Resource.Table table ->
                "t:"
                    + table.schema()
                    + "."
                    + table.name()
                    + (table.columns().isEmpty()
                        ? ""
                        : "(" + String.join(",", table.columns()) + ")");
            case Resource.Function function -> "f:" + function.schema() + "." + function.name();
            default -> resource.toString();
          });
    }
    return String.join(";", parts);
  }
}
