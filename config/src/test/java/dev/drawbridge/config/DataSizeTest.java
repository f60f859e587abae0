package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.config.internal.ConfigMappers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataSizeTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0            | 0",
        "10000        | 10000",
        "512B         | 512",
        "8kB          | 8192",
        "8KB          | 8192",
        "8KiB         | 8192",
        "64MB         | 67108864",
        "64MiB        | 67108864",
        "'64 MB'      | 67108864",
        "'  1GiB  '   | 1073741824",
        "1GB          | 1073741824",
        "8589934591GB | 9223372035781033984",
        "9223372036854775807 | 9223372036854775807"
      })
  void readsBytesAndUnitsWhereKMeans1024(String text, long bytes) {
    assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                   | expected a size such as 10000 (bytes), 8kB, 64MB or 1GiB",
        "abc                  | expected a size such as 10000 (bytes), 8kB, 64MB or 1GiB",
        "MB                   | expected a size such as 10000 (bytes), 8kB, 64MB or 1GiB",
        "1.5MB                | expected a size such as 10000 (bytes), 8kB, 64MB or 1GiB",
        "0x10                 | expected a size such as 10000 (bytes), 8kB, 64MB or 1GiB",
        "64mb                 | the unit must be one of B, kB, MB, GB, KiB, MiB or GiB",
        "1TB                  | the unit must be one of B, kB, MB, GB, KiB, MiB or GiB",
        "-5                   | a size must not be negative",
        "8589934592GB         | the size is too large",
        "9223372036854775808  | the size is too large",
        "99999999999999999999999 | the size is too large"
      })
  void rejectsGarbageOverflowAndUnknownUnits(String text, String reason) {
    assertThatThrownBy(() -> DataSize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid size '" + text + "': " + reason);
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> DataSize.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a size");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0B",
    "1, 1B",
    "1536, 1536B",
    "10000, 10000B",
    "8192, 8KiB",
    "67108864, 64MiB",
    "1073741824, 1GiB",
    "3221225472, 3GiB",
    "1074790400, 1025MiB"
  })
  void printsTheLargestExactUnitAndReadsItBack(long bytes, String text) {
    DataSize size = DataSize.ofBytes(bytes);

    assertThat(size).hasToString(text);
    assertThat(DataSize.parse(text)).isEqualTo(size);
  }

  @Test
  void factoriesCountIn1024sAndRefuseNegativesAndOverflow() {
    assertThat(DataSize.ofKibibytes(1)).isEqualTo(DataSize.ofBytes(1024));
    assertThat(DataSize.ofMebibytes(1)).isEqualTo(DataSize.ofKibibytes(1024));
    assertThat(DataSize.ofGibibytes(1)).isEqualTo(DataSize.ofMebibytes(1024));
    assertThatThrownBy(() -> DataSize.ofBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a size must not be negative, got -1");
    assertThatThrownBy(() -> DataSize.ofGibibytes(Long.MAX_VALUE))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void jacksonReadsNumbersAsBytesAndWritesTheLargestExactUnit() throws Exception {
    ObjectMapper mapper = ConfigMappers.json();

    assertThat(mapper.readValue("65536", DataSize.class)).isEqualTo(DataSize.ofKibibytes(64));
    assertThat(mapper.readValue("\"64 MB\"", DataSize.class)).isEqualTo(DataSize.ofMebibytes(64));
    assertThat(mapper.writeValueAsString(DataSize.ofMebibytes(64))).isEqualTo("\"64MiB\"");
  }

  @Test
  void ordersBySize() {
    assertThat(DataSize.parse("1MiB")).isGreaterThan(DataSize.parse("1023kB"));
    assertThat(DataSize.parse("1024kB")).isEqualByComparingTo(DataSize.parse("1MB"));
  }
}
