package dev.drawbridge.server.review;

import java.util.Locale;

/** The format a report is asked for in. */
public enum ReportFormat {
  /** The report itself. */
  JSON,
  /** {@link ReportMarkdown}. */
  MD,
  /** {@link ReportCsv}. */
  CSV;

  /**
   * The format named {@code json}, {@code md} (or {@code markdown}) or {@code csv}, in any case;
   * JSON when none is named.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static ReportFormat of(String format) {
    String f = format == null ? "json" : format.toLowerCase(Locale.ROOT);
    return switch (f) {
      case "json" -> JSON;
      case "md", "markdown" -> MD;
      case "csv" -> CSV;
      default -> throw new IllegalArgumentException("format must be json, md or csv");
    };
  }
}
