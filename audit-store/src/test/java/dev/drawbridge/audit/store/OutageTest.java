package dev.drawbridge.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class OutageTest {

  private static final SQLException TERMINATED =
      new SQLException("terminating connection due to administrator command", "57P01");
  private static final SQLException REFUSED =
      new SQLTransientConnectionException(
          "Connection is not available", "08001", new ConnectException("Connection refused"));
  private static final SQLException NO_PARTITION =
      new SQLException("no partition of relation \"events\" found for row", "23514");

  @Test
  void theDatabaseAwayIsOneKindOfFailureWhateverTheDriverSaid() {
    assertThat(Outage.unreachable(TERMINATED)).isTrue();
    assertThat(Outage.unreachable(REFUSED)).isTrue();
    assertThat(Outage.unreachable(new SQLException("I/O error", "08006"))).isTrue();
    assertThat(Outage.unreachable(new SQLException("too many connections", "53300"))).isTrue();
    assertThat(Outage.unreachable(new SQLException("wrapped", null, REFUSED))).isTrue();
    assertThat(Outage.unreachable(NO_PARTITION)).isFalse();
    assertThat(Outage.unreachable(new IOException("disk"))).isFalse();
  }

  @Test
  void anOutageIsLoggedOnceNotForEachRetryAndItsEndOnce() {
    Outage outage = new Outage(Clock.systemUTC());
    try (CapturedLogs logs = CapturedLogs.of(Shipper.class)) {
      outage.failed(TERMINATED);
      for (int i = 0; i < 5; i++) {
        outage.failed(REFUSED);
      }
      assertThat(logs.at(Level.WARN)).singleElement().asString().contains("unreachable");

      outage.failed(NO_PARTITION);
      outage.failed(NO_PARTITION);
      assertThat(logs.at(Level.ERROR)).singleElement().asString().contains("23514");

      outage.recovered();
      outage.recovered();
      assertThat(logs.at(Level.INFO))
          .singleElement()
          .asString()
          .contains("resumed after 8 failed attempt(s)");

      outage.failed(REFUSED);
      assertThat(logs.at(Level.WARN)).hasSize(2);
    }
  }
}
