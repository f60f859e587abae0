package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit journal's keys: defaults, units and the ranges the gateway accepts. */
class AuditValidationTest {

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new Fixture(dir);
  }

  @Test
  void defaultsGroupCommitEveryHundredMillisecondsInSegmentsOf64MiBUpTo1GiB()
      throws ConfigException {
    AuditConfig audit = fixture.load("audit: { journal: j }\n").config().audit();

    assertThat(audit.fsyncInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(audit.segmentSize()).isEqualTo(DataSize.ofMebibytes(64));
    assertThat(audit.maxSize()).isEqualTo(DataSize.ofMebibytes(1024));
    assertThat(audit.onFailure()).isEqualTo(AuditFailurePolicy.FAIL_CLOSED);
    assertThat(audit.journal()).isEqualTo(dir.resolve("j"));
  }

  @Test
  void valuesAreReadWithTheirUnits() throws ConfigException {
    AuditConfig audit =
        fixture
            .load("audit: { fsyncInterval: 1s, segmentSize: 1MiB, maxSize: 10MiB }\n")
            .config()
            .audit();

    assertThat(audit.fsyncInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(audit.segmentSize()).isEqualTo(DataSize.ofMebibytes(1));
    assertThat(audit.maxSize()).isEqualTo(DataSize.ofMebibytes(10));
  }

  @Test
  void outOfRangeValuesAreErrorsAtTheirPaths() {
    assertThat(fixture.errors("audit: { fsyncInterval: 0s, segmentSize: 1KiB, maxSize: 100KiB }\n"))
        .anyMatch(e -> e.startsWith("audit.fsyncInterval") && e.contains("greater than zero"))
        .anyMatch(e -> e.startsWith("audit.segmentSize") && e.contains("between"));
    assertThat(fixture.errors("audit: { segmentSize: 64MiB, maxSize: 100MiB }\n"))
        .anyMatch(e -> e.startsWith("audit.maxSize") && e.contains("at least twice"));
    assertThat(fixture.errors("audit: { fsyncInterval: 1m }\n"))
        .anyMatch(e -> e.startsWith("audit.fsyncInterval") && e.contains("at most 10s"));
  }
}
