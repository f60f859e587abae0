package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.drawbridge.testing.TestPostgres;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The upstream credential stays inside the gateway: an agent's wire carries no password, no
 * password hash and no upstream authentication exchange of any kind, and the gateway's log holds
 * neither the credentials nor the agents' tokens.
 */
@ExtendWith(TestPostgres.class)
class SecretCaptureIT {

  private static final Map<String, String> ROLES =
      Map.of("scram-db", "app_scram", "md5-db", "app_md5", "cleartext-db", "app_cleartext");
  private static final int AUTH_OK = 0;
  private static final int AUTH_CLEARTEXT = 3;

  @TempDir static Path dir;
  static PgGateway gateway;
  static ListAppender<ILoggingEvent> logs;
  static Level drawbridgeLevel;

  /** Every token and password an agent presented during this class. */
  static final Set<String> presented = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start(TestPostgres.Server pg) throws Exception {
    // capture from before the gateway starts, at every level the gateway logs at
    Logger drawbridge = (Logger) LoggerFactory.getLogger("dev.drawbridge");
    drawbridgeLevel = drawbridge.getLevel();
    drawbridge.setLevel(Level.TRACE);
    logs = new ListAppender<>();
    logs.start();
    root().addAppender(logs);
    gateway = PgGateway.start(pg, dir, "bind: \"127.0.0.1:0\"\nallowPlaintext: true");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    root().detachAppender(logs);
    logs.stop();
    ((Logger) LoggerFactory.getLogger("dev.drawbridge")).setLevel(drawbridgeLevel);
  }

  @ParameterizedTest
  @ValueSource(strings = {"scram-db", "md5-db", "cleartext-db"})
  void theAgentsWireCarriesNoUpstreamAuthentication(String connection) throws Exception {
    byte[] recorded;
    try (RecordingRelay relay = new RecordingRelay(gateway.port())) {
      queryThrough(relay.port(), connection);
      assertThat(relay.recordings()).hasSize(1);
      recorded = relay.recordings().getFirst();
    }

    List<WireClient.Message> messages = backendMessages(recorded);
    assertThat(messages)
        .as("a session's worth of traffic was recorded")
        .extracting(WireClient.Message::type)
        .contains('R', 'Z', 'T', 'D', 'C');
    assertThat(messages)
        .filteredOn(m -> m.type() == 'R')
        .extracting(WireClient.Message::authCode)
        .as("the agent is asked for its token and told it is in; nothing else")
        .containsExactly(AUTH_CLEARTEXT, AUTH_OK);

    String wire = new String(recorded, StandardCharsets.ISO_8859_1);
    for (String secret : upstreamSecrets()) {
      assertThat(wire).doesNotContain(secret);
    }
    assertThat(wire).doesNotContain("SCRAM-SHA-256");
  }

  @Test
  void theGatewaysLogHoldsNoCredentialAndNoToken() throws Exception {
    for (String connection : ROLES.keySet()) {
      queryThrough(gateway.port(), connection);
    }
    String expired = presented(gateway.expiredToken("it-bot"));
    assertThatThrownBy(() -> open(gateway.port(), "scram-db", "it-bot", expired))
        .isInstanceOf(SQLException.class);
    String wrong = presented("not-a-token-" + UUID.randomUUID());
    assertThatThrownBy(() -> open(gateway.port(), "scram-db", "it-bot", wrong))
        .isInstanceOf(SQLException.class);
    String valid = presented(gateway.token("it-bot"));
    assertThatThrownBy(() -> open(gateway.port(), "down-db", "it-bot", valid))
        .isInstanceOf(SQLException.class);

    List<ILoggingEvent> events;
    synchronized (logs) { // appenders append under their own lock
      events = List.copyOf(logs.list);
    }
    assertThat(events)
        .as("the capture sees the gateway's sessions")
        .anyMatch(e -> e.getLoggerName().startsWith("dev.drawbridge.postgres"));
    List<String> lines = events.stream().map(SecretCaptureIT::everything).toList();
    List<String> secrets = new ArrayList<>(upstreamSecrets());
    secrets.addAll(presented);
    secrets.add(PgGateway.SECRET);
    for (String line : lines) {
      for (String secret : secrets) {
        assertThat(line).doesNotContain(secret);
      }
    }
  }

  /** Connects through {@code port} as it-bot, runs a query, closes. */
  private static void queryThrough(int port, String connection) throws SQLException {
    try (Connection c = open(port, connection, "it-bot", presented(gateway.token("it-bot")));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select current_user")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(ROLES.get(connection));
    }
  }

  private static Connection open(int port, String connection, String user, String password)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("sslmode", "disable");
    props.setProperty("gssEncMode", "disable");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + connection, props);
  }

  private static String presented(String secret) {
    presented.add(secret);
    return secret;
  }

  /**
   * The upstream passwords, and each role's MD5 password hash: {@code md5hex(password + user)},
   * which PostgreSQL stores as {@code "md5" + hash} and which is enough to answer any MD5
   * challenge.
   */
  private static List<String> upstreamSecrets() {
    List<String> secrets = new ArrayList<>();
    Map<String, String> passwords =
        Map.of(
            "app_scram", PgGateway.PASSWORDS.get("SCRAM_PW"),
            "app_md5", PgGateway.PASSWORDS.get("MD5_PW"),
            "app_cleartext", PgGateway.PASSWORDS.get("CLEARTEXT_PW"));
    passwords.forEach(
        (role, password) -> {
          secrets.add(password);
          secrets.add(md5Hex(password + role));
        });
    return secrets;
  }

  /** Splits a recorded backend stream into messages; it must hold nothing else. */
  private static List<WireClient.Message> backendMessages(byte[] stream) {
    ByteBuffer in = ByteBuffer.wrap(stream);
    List<WireClient.Message> messages = new ArrayList<>();
    while (in.hasRemaining()) {
      assertThat(in.remaining()).as("a whole message header").isGreaterThanOrEqualTo(5);
      char type = (char) (in.get() & 0xFF);
      int length = in.getInt();
      assertThat(length).as("length of '%s'", type).isBetween(4, 4 + in.remaining());
      byte[] body = new byte[length - 4];
      in.get(body);
      messages.add(new WireClient.Message(type, body));
    }
    return messages;
  }

  /** Everything an event could put in a log line. */
  private static String everything(ILoggingEvent event) {
    StringBuilder text = new StringBuilder();
    text.append(event.getMessage()).append('\n').append(event.getFormattedMessage()).append('\n');
    if (event.getArgumentArray() != null) {
      for (Object argument : event.getArgumentArray()) {
        text.append(argument).append('\n');
      }
    }
    event.getMDCPropertyMap().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(kv -> text.append(kv).append('\n'));
    }
    appendThrowable(text, event.getThrowableProxy());
    return text.toString();
  }

  private static void appendThrowable(StringBuilder text, IThrowableProxy throwable) {
    if (throwable == null) {
      return;
    }
    text.append(throwable.getClassName()).append(": ").append(throwable.getMessage()).append('\n');
    appendThrowable(text, throwable.getCause());
    for (IThrowableProxy suppressed : throwable.getSuppressed()) {
      appendThrowable(text, suppressed);
    }
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static String md5Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
