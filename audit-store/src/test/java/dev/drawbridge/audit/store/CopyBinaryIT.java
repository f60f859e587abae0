package dev.drawbridge.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.testing.TestPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/** What {@link CopyBinary} writes is what PostgreSQL's binary COPY reads, value for value. */
@ExtendWith(TestPostgres.class)
class CopyBinaryIT {

  private static final String TABLE =
      "create temporary table copied (n int8, id uuid, at timestamptz, words text)";

  @Test
  void valuesArriveAsWritten(TestPostgres.Server pg) throws Exception {
    UUID id = UUID.fromString("018f3c5e-7a1b-7c2d-8e3f-a0b1c2d3e4f5");
    Instant late = Instant.parse("2026-11-25T03:04:05.123456Z");
    Instant early = Instant.parse("1969-07-20T20:17:40.000001Z");
    InputStream rows =
        new CopyBinary(0)
            .row(4)
            .int8(Long.MIN_VALUE)
            .uuid(id)
            .timestamptz(late)
            .text("zürich ✓ \uD83D\uDE00")
            .row(4)
            .int8(null)
            .uuid(null)
            .timestamptz(early)
            .text((String) null)
            .row(4)
            .int8(42L)
            .uuid(new UUID(-1L, 0L))
            .timestamptz(Instant.parse("2000-01-01T00:00:00Z"))
            .text("x".repeat(10_000).getBytes(StandardCharsets.UTF_8))
            .finish();
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(TABLE);
      long copied =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("copy copied from stdin (format binary)", rows);
      assertThat(copied).isEqualTo(3);
      try (ResultSet r = s.executeQuery("select * from copied order by n nulls last")) {
        r.next();
        assertThat(r.getLong(1)).isEqualTo(Long.MIN_VALUE);
        assertThat(r.getObject(2, UUID.class)).isEqualTo(id);
        assertThat(r.getObject(3, OffsetDateTime.class).toInstant()).isEqualTo(late);
        assertThat(r.getString(4)).isEqualTo("zürich ✓ \uD83D\uDE00");
        r.next();
        assertThat(r.getLong(1)).isEqualTo(42);
        assertThat(r.getObject(2, UUID.class)).isEqualTo(new UUID(-1L, 0L));
        assertThat(r.getObject(3, OffsetDateTime.class))
            .isEqualTo(OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(r.getString(4)).hasSize(10_000);
        r.next();
        assertThat(r.getObject(1)).isNull();
        assertThat(r.getObject(2)).isNull();
        assertThat(r.getObject(3, OffsetDateTime.class).toInstant()).isEqualTo(early);
        assertThat(r.getString(4)).isNull();
        assertThat(r.next()).isFalse();
      }
    }
  }

  @Test
  void aRowOfTheWrongWidthIsRefusedByTheDatabase(TestPostgres.Server pg) throws Exception {
    InputStream rows = new CopyBinary(0).row(1).int8(1L).finish();
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(TABLE);
      assertThatThrownBy(
              () ->
                  c.unwrap(PGConnection.class)
                      .getCopyAPI()
                      .copyIn("copy copied from stdin (format binary)", rows))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("row field count");
    }
  }
}
