package dev.drawbridge.audit.store;

import static dev.drawbridge.audit.store.ShipperTests.WAIT;
import static dev.drawbridge.audit.store.ShipperTests.batchesOf;
import static dev.drawbridge.audit.store.ShipperTests.journal;
import static dev.drawbridge.audit.store.ShipperTests.sink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.config.PostgresStoreConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway ships as a role with only the grants docs/audit.md lists (taken from the page as it
 * is): its events arrive, and the role cannot change or remove one.
 */
@ExtendWith(TestPostgres.class)
class ShipperLeastPrivilegeIT {

  private static final String ROLE = "drawbridge_shipper";
  private static final String PASSWORD = "shipper-it-pw";

  @TempDir Path dir;

  private AuditTestDatabase db;

  @BeforeEach
  void freshSchemaAndRole(TestPostgres.Server server) throws Exception {
    db = AuditTestDatabase.fresh(server);
    try (Connection owner = db.connect();
        Statement s = owner.createStatement()) {
      s.execute(
          "do $$ begin if not exists (select from pg_roles where rolname = '"
              + ROLE
              + "') then create role "
              + ROLE
              + " login; end if; end $$");
      s.execute("alter role " + ROLE + " login nosuperuser password '" + PASSWORD + "'");
      s.execute(documentedGrants());
    }
  }

  @AfterEach
  void closeDatabase() throws Exception {
    db.close();
  }

  @Test
  void theDocumentedGrantsSufficeToShipAndNoMore() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SessionInfo session = Events.session("least-privilege");
    try (AuditDatabase shipperRole =
            AuditDatabase.open(new PostgresStoreConfig(db.url(), ROLE, Secret.of(PASSWORD)));
        Journal journal = journal(dir, 1 << 20, 1)) {
      assertThat(shipperRole.migrate()).isZero();
      JournalAuditSink sink = sink(journal, registry);
      sink.record(Events.start(session));
      sink.record(Events.allowed(session, 2));
      sink.record(Events.result(session, 2, 5));
      sink.record(Events.end(session));
      try (Shipper shipper =
          Shipper.start(journal, shipperRole, registry, Clock.systemUTC(), batchesOf(100))) {
        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
      }
    }
    // its start, session.opened (in the run's chain, naming it), the operation, its result, its end
    assertThat(
            db.number(
                "select count(*) from audit.events where session_id = ?", session.id().value()))
        .isEqualTo(5);
    assertThat(db.number("select operations from audit.sessions where agent = 'least-privilege'"))
        .isEqualTo(1);
    try (Connection asShipper = DriverManager.getConnection(db.url(), ROLE, PASSWORD);
        Statement s = asShipper.createStatement()) {
      assertThatThrownBy(() -> s.execute("delete from audit.events"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.execute("update audit.events set record = '{}'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.execute("truncate audit.events"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  /** The grants of docs/audit.md, from its SQL block that starts "-- once, as the owner". */
  private static String documentedGrants() throws Exception {
    String page = Files.readString(docs().resolve("audit.md"));
    int start = page.indexOf("-- once, as the owner");
    assertThat(start).as("the grants block in docs/audit.md").isPositive();
    return page.substring(start, page.indexOf("```", start));
  }

  private static Path docs() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.isDirectory(here.resolve("docs"))) {
      here = here.getParent();
    }
    assertThat(here).as("the project's docs/ directory").isNotNull();
    return here.resolve("docs");
  }
}
