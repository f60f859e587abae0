package dev.drawbridge.config;

/**
 * Limits a grant imposes.
 *
 * @param rowsPerStatement most rows one statement may return, or {@code null} for no limit
 */
public record LimitsConfig(Integer rowsPerStatement) {

  public static final LimitsConfig NONE = new LimitsConfig(null);
}
