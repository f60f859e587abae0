package dev.drawbridge.audit.query;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * New events in the database, by the time they were shipped. Each poll reads again the last {@link
 * #OVERLAP} before the latest shipping time it has seen and skips the ids it already answered: a
 * batch that was shipped in a transaction started earlier but committed later (another gateway's
 * shipper) is still found.
 */
final class DatabaseFeed implements EventFeed {

  static final Duration OVERLAP = Duration.ofSeconds(60);

  private final DataSource dataSource;
  private final Instant since;
  private final String[] types;
  private final Map<UUID, Instant> answered = new HashMap<>();
  private Instant watermark;

  DatabaseFeed(DataSource dataSource, Instant since, Set<String> types) {
    this.dataSource = dataSource;
    this.since = Objects.requireNonNull(since, "since");
    this.types = types.toArray(String[]::new);
  }

  @Override
  public List<StoredEvent> poll() throws AuditQueryException {
    String sql =
        "select "
            + ResultRows.COLUMNS
            + ", shipped_at from audit.events where time >= ? and type = any(?)"
            + (watermark == null ? "" : " and shipped_at >= ?")
            + " order by shipped_at, id";
    List<StoredEvent> fresh = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      ResultRows.set(statement, 1, since);
      Array array = connection.createArrayOf("text", types);
      statement.setArray(2, array);
      if (watermark != null) {
        ResultRows.set(statement, 3, watermark.minus(OVERLAP));
      }
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          StoredEvent event = ResultRows.event(row);
          Instant shipped = ResultRows.instant(row, "shipped_at");
          if (answered.putIfAbsent(event.id(), shipped) == null) {
            fresh.add(event);
          }
          if (watermark == null || shipped.isAfter(watermark)) {
            watermark = shipped;
          }
        }
      } finally {
        array.free();
      }
    } catch (SQLException e) {
      throw SqlFailures.wrap("cannot read new events", e);
    }
    if (watermark != null) {
      Instant forget = watermark.minus(OVERLAP);
      answered.values().removeIf(shipped -> shipped.isBefore(forget));
    }
    fresh.sort(
        Comparator.comparing(StoredEvent::time)
            .thenComparing(e -> e.chain().toString())
            .thenComparingLong(StoredEvent::seq));
    return fresh;
  }
}
