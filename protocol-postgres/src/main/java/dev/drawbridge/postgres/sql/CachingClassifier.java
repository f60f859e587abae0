package dev.drawbridge.postgres.sql;

import dev.drawbridge.core.model.Action;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Classifies statements, remembering data statements by shape (see {@link StatementShapes}) for
 * every session: a statement repeated with other values costs a scan and a lookup, not a parse. A
 * statement repeated as the very same text as the one that first gave its shape (a parameterised
 * statement parsed again, an ORM's query) is answered from that text, up to {@value
 * #MAX_TEXT_LENGTH} characters: it costs a lookup, not even a scan. (Texts that differ only in
 * their values are not each remembered: they would crowd the others out.)
 *
 * <p>Only a message of one {@code SELECT}, {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code
 * MERGE} that classifies as a read or a write is remembered: in those, literals are values, never
 * names. Utility statements, where a string can name a language, a file or a setting, are always
 * parsed.
 */
public final class CachingClassifier {

  private static final int MAX_SHAPES = 10_000;
  private static final int MAX_TEXTS = 4_096;
  private static final int MAX_TEXT_LENGTH = 1_024;
  private static final Set<String> DATA_VERBS =
      Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE");

  private final StatementClassifier classifier;
  private final StatementShapes shapes;
  private final ConcurrentMap<String, ClassifiedStatement> byShape = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ClassifiedStatement> byText = new ConcurrentHashMap<>();

  public CachingClassifier(PgQuery parser) {
    this.classifier = new StatementClassifier(parser);
    this.shapes = new StatementShapes(parser);
  }

  /** As {@link StatementClassifier#classify(String, PreparedStatements)}. */
  public List<ClassifiedStatement> classify(String sql, PreparedStatements session) {
    ClassifiedStatement same = byText.get(sql);
    if (same != null) {
      return List.of(same);
    }
    Optional<String> shape = shapes.shape(sql);
    if (shape.isPresent()) {
      ClassifiedStatement known = byShape.get(shape.get());
      if (known != null) {
        return List.of(known.withText(sql));
      }
    }
    List<ClassifiedStatement> statements = classifier.classify(sql, session);
    if (shape.isPresent() && statements.size() == 1 && remembered(statements.getFirst())) {
      if (byShape.size() >= MAX_SHAPES) {
        byShape.clear();
      }
      byShape.put(shape.get(), statements.getFirst());
      rememberText(sql, statements.getFirst());
    }
    return statements;
  }

  /** Shapes remembered now. */
  int size() {
    return byShape.size();
  }

  /** Texts remembered now. */
  int texts() {
    return byText.size();
  }

  /**
   * Remembers what {@code sql} classified as, under the text as sent (the statement's may differ).
   */
  private void rememberText(String sql, ClassifiedStatement statement) {
    if (sql.length() <= MAX_TEXT_LENGTH) {
      if (byText.size() >= MAX_TEXTS) {
        byText.clear();
      }
      byText.put(sql, statement);
    }
  }

  private static boolean remembered(ClassifiedStatement statement) {
    return DATA_VERBS.contains(statement.verb())
        && (statement.action() == Action.READ || statement.action() == Action.WRITE);
  }
}
