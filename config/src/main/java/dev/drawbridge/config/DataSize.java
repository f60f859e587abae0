package dev.drawbridge.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.drawbridge.config.internal.DataSizeParser;

/**
 * A number of bytes, written in the configuration file as a plain number ({@code 10000}) or with a
 * unit: {@code B}, {@code kB}/{@code KB}/{@code KiB}, {@code MB}/{@code MiB}, {@code GB}/{@code
 * GiB}. As in PostgreSQL, {@code k} means 1024, so {@code 8kB} and {@code 8KiB} are both 8192
 * bytes.
 *
 * @param bytes the size in bytes, never negative
 */
public record DataSize(long bytes) implements Comparable<DataSize> {

  public DataSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size must not be negative, got " + bytes);
    }
  }

  /** Also how a plain number in the file is read: as bytes. */
  @JsonCreator
  public static DataSize ofBytes(long bytes) {
    return new DataSize(bytes);
  }

  /**
   * @throws ArithmeticException when the size does not fit in a {@code long}
   */
  public static DataSize ofKibibytes(long kibibytes) {
    return new DataSize(Math.multiplyExact(kibibytes, 1024L));
  }

  /**
   * @throws ArithmeticException when the size does not fit in a {@code long}
   */
  public static DataSize ofMebibytes(long mebibytes) {
    return new DataSize(Math.multiplyExact(mebibytes, 1024L * 1024));
  }

  /**
   * @throws ArithmeticException when the size does not fit in a {@code long}
   */
  public static DataSize ofGibibytes(long gibibytes) {
    return new DataSize(Math.multiplyExact(gibibytes, 1024L * 1024 * 1024));
  }

  /**
   * Parses a size as the configuration file writes it: {@code 10000}, {@code 8kB}, {@code 64 MB},
   * {@code 1GiB}. Units are case-sensitive; whitespace may separate the number from its unit.
   *
   * @throws IllegalArgumentException when {@code text} is not a non-negative size that fits in a
   *     {@code long}
   */
  @JsonCreator
  public static DataSize parse(String text) {
    return switch (DataSizeParser.parse(text)) {
      case DataSizeParser.Result.Bytes(long value) -> new DataSize(value);
      case DataSizeParser.Result.Invalid(String reason) ->
          throw new IllegalArgumentException("invalid size '" + text + "': " + reason);
    };
  }

  @Override
  public int compareTo(DataSize other) {
    return Long.compare(bytes, other.bytes);
  }

  /** The size in the largest unit that divides it exactly: {@code 64MiB}, {@code 10000B}. */
  @JsonValue
  @Override
  public String toString() {
    return DataSizeParser.format(bytes);
  }
}
