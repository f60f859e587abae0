package dev.drawbridge.audit.store;

import static dev.drawbridge.audit.store.ShipperTests.WAIT;
import static dev.drawbridge.audit.store.ShipperTests.batchesOf;
import static dev.drawbridge.audit.store.ShipperTests.journal;
import static dev.drawbridge.audit.store.ShipperTests.sink;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A record the database refuses for what it holds is kept aside; shipping goes on past it. */
@ExtendWith(TestPostgres.class)
class ShipperRejectsIT {

  @TempDir Path dir;

  private AuditTestDatabase db;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void freshSchema(TestPostgres.Server server) throws Exception {
    db = AuditTestDatabase.fresh(server);
  }

  @AfterEach
  void closeDatabase() throws Exception {
    db.close();
  }

  @Test
  void aRecordTheDatabaseRefusesIsKeptAsideAndTheRestShipped() throws Exception {
    // incompressible, so that it stays too long once compressed
    StringBuilder noise = new StringBuilder();
    while (noise.length() < 6000) {
      noise.append(UUID.randomUUID());
    }
    // written by something other than the encoder, which caps names: an agent name too long for
    // the index on audit.events.agent (PostgreSQL refuses it with 54000)
    Path kept = shipAroundPoison("\"agent\":\"" + noise + "\"");
    assertThat(Files.readString(kept)).contains(noise);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"session\":\"not-a-session-id\"",
        "\"session\":\"1-2-3-4-5\"",
        "\"operation\":\"seven\"",
        "\"operation\":1e99"
      })
  void aRecordWhoseCopiedFieldsTheColumnsCannotHoldIsKeptAside(String field) throws Exception {
    Path kept = shipAroundPoison(field);
    assertThat(Files.readString(kept)).contains(field);
  }

  /**
   * Ships a session's events with, among them, an operation record of {@code field} appended to the
   * journal as it is; checks that only that record is refused and answers where it was kept.
   */
  private Path shipAroundPoison(String field) throws Exception {
    UUID poison = TimeOrderedIds.next();
    try (Journal journal = journal(dir, 1 << 20, 1)) {
      JournalAuditSink sink = sink(journal, registry);
      SessionInfo session = Events.session("before-and-after");
      sink.record(Events.start(session));
      sink.record(Events.allowed(session, 2));
      journal.append(
          ("{\"v\":1,\"id\":\""
                  + poison
                  + "\",\"chain\":\""
                  + TimeOrderedIds.next()
                  + "\",\"seq\":1,\"prev\":null,\"time\":\""
                  + Instant.now()
                  + "\",\"type\":\"operation\","
                  + field
                  + "}")
              .getBytes(StandardCharsets.UTF_8));
      sink.record(Events.allowed(session, 3));
      try (Shipper shipper =
          Shipper.start(journal, db.database(), registry, Clock.systemUTC(), batchesOf(100))) {
        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
        assertThat(registry.get(ShippingMeters.REJECTED).counter().count()).isEqualTo(1.0);
      }
    }
    // the session's start, its session.opened (in the run's chain, naming it), two operations
    assertThat(db.number("select count(*) from audit.events where session_id is not null"))
        .isEqualTo(4);
    assertThat(db.number("select count(*) from audit.events where id = ?", poison)).isZero();
    Path kept = dir.resolve("rejected").resolve(poison + ".json");
    assertThat(kept).exists();
    assertThat(Files.readString(kept)).contains(poison.toString());
    return kept;
  }
}
