package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PostgreSQL listener's size limits and timeouts: defaults, syntax and ranges. */
class PostgresListenerLimitsTest {

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new Fixture(dir);
  }

  private static String listener(String settings) {
    return "listeners:\n  postgres:\n    bind: \"127.0.0.1:0\"\n    allowPlaintext: true\n"
        + settings;
  }

  private PostgresListenerConfig load(String settings) throws ConfigException {
    return fixture.load(listener(settings)).config().listeners().postgres();
  }

  @Test
  void defaultsArePostgresOwnLimitsAndNoIdleTimeout() throws ConfigException {
    PostgresListenerConfig listener = load("");

    assertThat(listener.maxStartupPacket()).isEqualTo(DataSize.ofBytes(10_000));
    assertThat(listener.maxMessageSize()).isEqualTo(DataSize.ofMebibytes(64));
    assertThat(listener.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(listener.idleTimeout()).isEqualTo(Duration.ZERO);
  }

  @Test
  void convenienceConstructorAppliesTheSameDefaults() throws ConfigException {
    assertThat(new PostgresListenerConfig(new BindAddress("127.0.0.1", 0), null, true))
        .isEqualTo(load(""));
  }

  @Test
  void sizesAreReadAsNumbersOrWithUnits() throws ConfigException {
    PostgresListenerConfig listener =
        load(
            "    maxStartupPacket: 4096\n    maxMessageSize: 128 MB\n"
                + "    handshakeTimeout: 30s\n    idleTimeout: 15m\n");

    assertThat(listener.maxStartupPacket()).isEqualTo(DataSize.ofBytes(4096));
    assertThat(listener.maxMessageSize()).isEqualTo(DataSize.ofMebibytes(128));
    assertThat(listener.handshakeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(listener.idleTimeout()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void sizesMayComeFromReferences() throws ConfigException {
    fixture.env.put("PG_MAX_MESSAGE", "16MiB");

    assertThat(load("    maxMessageSize: \"${env:PG_MAX_MESSAGE}\"\n").maxMessageSize())
        .isEqualTo(DataSize.ofMebibytes(16));
  }

  @Test
  void boundsAreInclusive() throws ConfigException {
    PostgresListenerConfig smallest =
        load("    maxStartupPacket: 1kB\n    maxMessageSize: 8KiB\n    handshakeTimeout: 1ms\n");
    PostgresListenerConfig largest =
        load("    maxStartupPacket: 1MB\n    maxMessageSize: 1GiB\n    handshakeTimeout: 5m\n");

    assertThat(smallest.maxStartupPacket()).isEqualTo(DataSize.ofKibibytes(1));
    assertThat(largest.maxMessageSize()).isEqualTo(DataSize.ofGibibytes(1));
    assertThat(largest.handshakeTimeout()).isEqualTo(Duration.ofMinutes(5));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "maxStartupPacket: 1023       | maxStartupPacket: must be between 1KiB and 1MiB, got 1023B",
        "maxStartupPacket: 1025kB     | maxStartupPacket: must be between 1KiB and 1MiB, got 1025KiB",
        "maxMessageSize: 8191         | maxMessageSize: must be between 8KiB and 1GiB, got 8191B",
        "maxMessageSize: 2GB          | maxMessageSize: must be between 8KiB and 1GiB, got 2GiB",
        "handshakeTimeout: 0s         | handshakeTimeout: must be greater than zero",
        "handshakeTimeout: PT5M0.001S | handshakeTimeout: must be at most 5m, got 300001ms",
        "handshakeTimeout: 1h         | handshakeTimeout: must be at most 5m, got 1h"
      })
  void limitsOutOfRangeAreErrorsAtTheirPath(String setting, String error) {
    assertThat(fixture.errors(listener("    " + setting + "\n")))
        .containsExactly("listeners.postgres." + error);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "64mb     | the unit must be one of B, kB, MB, GB, KiB, MiB or GiB (k means 1024, as in"
            + " PostgreSQL), got \"64mb\"",
        "1.5      | expected a size such as 10000 (bytes), 8kB, 64MB or 1GiB, got 1.5",
        "-1       | a size must not be negative, got -1",
        "true     | expected a size such as 10000 (bytes), 8kB, 64MB or 1GiB, got true",
        "[1, 2]   | expected a size such as 10000 (bytes), 8kB, 64MB or 1GiB, got a list",
        "99999999999999999999 | the size is too large (more than 2^63-1 bytes), got"
            + " 99999999999999999999",
        "9999999999GB | the size is too large (more than 2^63-1 bytes), got \"9999999999GB\""
      })
  void malformedSizesAreErrorsAtTheirPath(String written, String error) {
    assertThat(fixture.errors(listener("    maxMessageSize: " + written + "\n")))
        .containsExactly("listeners.postgres.maxMessageSize: " + error);
  }

  @Test
  void aMalformedSizeFromAReferenceIsNotShown() {
    fixture.env.put("PG_MAX_MESSAGE", "lots");

    assertThat(fixture.errors(listener("    maxMessageSize: \"${env:PG_MAX_MESSAGE}\"\n")))
        .containsExactly(
            "listeners.postgres.maxMessageSize: expected a size such as 10000 (bytes), 8kB, 64MB"
                + " or 1GiB, got the value of ${env:PG_MAX_MESSAGE}");
  }

  @Test
  void idleTimeoutZeroMeansNoneAndANegativeOneIsRefused() throws ConfigException {
    assertThat(load("    idleTimeout: 0s\n").idleTimeout()).isEqualTo(Duration.ZERO);
    assertThatThrownBy(
            () ->
                new PostgresListenerConfig(
                    new BindAddress("127.0.0.1", 0),
                    null,
                    true,
                    null,
                    null,
                    null,
                    Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeouts must not be negative");
  }
}
