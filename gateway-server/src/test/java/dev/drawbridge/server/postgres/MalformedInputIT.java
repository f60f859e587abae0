package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes no driver would send, on a raw socket: each ends its own session with a FATAL {@code
 * ErrorResponse} carrying the right SQLSTATE and a close, and never the daemon.
 */
@ExtendWith(TestPostgres.class)
class MalformedInputIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int HUNDRED_MB = 100 * 1024 * 1024;

  @TempDir static Path dir;
  static PgGateway gateway;

  @BeforeAll
  static void start(TestPostgres.Server pg) throws Exception {
    gateway = PgGateway.start(pg, dir, "bind: \"127.0.0.1:0\"\nallowPlaintext: true");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** Whatever a test sent, the next agent is served as usual. */
  @AfterEach
  void daemonIsUnaffected() throws SQLException {
    try (Connection c = gateway.connect("scram-db", "it-bot");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 6 * 7")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
  }

  @Test
  void randomGarbage() throws IOException {
    byte[] garbage = new byte[256];
    new Random(20_241_124L).nextBytes(garbage);
    // a first byte with the high bit set makes the length word negative, so the gateway has all
    // it needs to reject the packet rather than wait for more
    garbage[0] |= (byte) 0x80;

    assertFatalAndClosed(garbage, "08P01", "invalid startup packet length");
  }

  @Test
  void startupPacketShorterThanItsOwnHeader() throws IOException {
    assertFatalAndClosed(WireClient.int32(3), "08P01", "invalid startup packet length 3");
  }

  @Test
  void startupPacketDeclaringHundredMegabytes() throws IOException {
    byte[] header = concat(WireClient.int32(HUNDRED_MB), WireClient.int32(WireClient.PROTOCOL_3_0));

    assertFatalAndClosed(header, "08P01", "invalid startup packet length " + HUNDRED_MB);
  }

  @Test
  void protocolVersion2() throws IOException {
    byte[] v2 =
        WireClient.startupPacket(0x0002_0000, Map.of("user", "it-bot", "database", "scram-db"));

    assertFatalAndClosed(v2, "0A000", "protocol 2.0");
  }

  @Test
  void unknownMessageTypeAfterLogin() throws IOException {
    try (WireClient wire = WireClient.connect(gateway.port(), TIMEOUT)) {
      wire.login("it-bot", "scram-db", gateway.token("it-bot"));
      wire.send(WireClient.message('x', new byte[0]));

      assertFatalAndClosed(wire, "08P01", "invalid frontend message type 0x78");
    }
  }

  @Test
  void queryLargerThanTheMessageLimitAfterLogin() throws IOException {
    try (WireClient wire = WireClient.connect(gateway.port(), TIMEOUT)) {
      wire.login("it-bot", "scram-db", gateway.token("it-bot"));
      // only the header: the gateway must refuse on the declared length, not wait for the body
      wire.send(concat(new byte[] {'Q'}, WireClient.int32(HUNDRED_MB)));

      assertFatalAndClosed(wire, "54000", "exceeds the gateway's limit");
    }
  }

  @Test
  void beforeAuthenticationEvenAPasswordMessageIsCappedAt64KiB() throws IOException {
    try (WireClient wire = WireClient.connect(gateway.port(), TIMEOUT)) {
      wire.send(
          WireClient.startupPacket(
              WireClient.PROTOCOL_3_0, Map.of("user", "it-bot", "database", "scram-db")));
      assertThat(wire.read().authCode()).isEqualTo(3);
      // a megabyte is far below maxMessageSize, but nobody has authenticated yet
      wire.send(concat(new byte[] {'p'}, WireClient.int32(1 << 20)));

      assertFatalAndClosed(wire, "54000", "before authentication");
    }
  }

  @Test
  void aDeeplyNestedExpressionIsReadWithoutTakingTheGatewayDown() throws SQLException {
    // PostgreSQL's parser recurses once per operator; on a default 1 MiB thread stack the
    // gateway's parse of this statement overflows native code and kills the process. Here the
    // gateway reads it and passes it on, and the server itself refuses it (max_stack_depth).
    String deep = "select " + "1+".repeat(100_000) + "1";
    try (java.sql.Connection c = gateway.connect("scram-db", "it-bot");
        java.sql.Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery(deep))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("54001");
      try (java.sql.ResultSet rs = s.executeQuery("select 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  private static void assertFatalAndClosed(byte[] input, String sqlState, String message)
      throws IOException {
    try (WireClient wire = WireClient.connect(gateway.port(), TIMEOUT)) {
      wire.send(input);
      assertFatalAndClosed(wire, sqlState, message);
    }
  }

  private static void assertFatalAndClosed(WireClient wire, String sqlState, String message)
      throws IOException {
    WireClient.Message response = wire.read();
    assertThat(response.type()).isEqualTo('E');
    Map<Character, String> fields = response.fields();
    assertThat(fields).containsEntry('S', "FATAL").containsEntry('C', sqlState);
    assertThat(fields.get('M')).contains(message);
    assertThat(wire.closedByPeer()).as("the gateway closes the session").isTrue();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
