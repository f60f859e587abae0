package dev.drawbridge.core.masking;

import java.util.Objects;
import java.util.Optional;

/**
 * How a value is masked. Every strategy keeps SQL {@code NULL} (a Java {@code null}) as it is, and
 * rewrites every other value:
 *
 * <ul>
 *   <li>{@code redact}: {@code ****}, whatever the value, so not even its length shows;
 *   <li>{@code partial}: the last four characters kept, each other one replaced by {@code *}
 *       ({@code 4111111111111111} → {@code ************1111}); a value of four characters or fewer
 *       becomes one {@code *} per character. Characters are Unicode code points;
 *   <li>{@code email}: {@code ****@} and the domain after the last {@code @} ({@code
 *       alice@example.com} → {@code ****@example.com}); {@code ****} when there is no {@code @} or
 *       nothing after it;
 *   <li>{@code hash}: {@code h:} and 16 lowercase hex digits, the first 8 bytes of the HMAC-SHA-256
 *       of the value's UTF-8 bytes under the gateway's masking key. Equal values hash alike under
 *       one key, so joins, {@code GROUP BY} and {@code DISTINCT} on masked values still work;
 *   <li>{@code null}: {@code null}, which the protocol writes as SQL {@code NULL} (or JSON {@code
 *       null}).
 * </ul>
 *
 * <p>Instances are immutable and safe for concurrent use.
 */
public final class Strategy {

  /** The five strategies, by the name the configuration gives them. */
  public enum Kind {
    REDACT("redact"),
    PARTIAL("partial"),
    EMAIL("email"),
    HASH("hash"),
    NULL("null");

    private final String configName;

    Kind(String configName) {
      this.configName = configName;
    }

    /** The name a masking rule's {@code strategy} uses. */
    public String configName() {
      return configName;
    }

    public static Optional<Kind> fromConfigName(String name) {
      for (Kind kind : values()) {
        if (kind.configName.equals(name)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }
  }

  /** What {@code redact} writes, and {@code email} for a value without a domain. */
  public static final String REDACTED = "****";

  /** What every {@code hash} output starts with. */
  public static final String HASH_PREFIX = "h:";

  /** How many characters {@code partial} keeps. */
  private static final int PARTIAL_KEPT = 4;

  static final Strategy REDACT = new Strategy(Kind.REDACT, null);
  static final Strategy PARTIAL = new Strategy(Kind.PARTIAL, null);
  static final Strategy EMAIL = new Strategy(Kind.EMAIL, null);
  static final Strategy NULL = new Strategy(Kind.NULL, null);

  private final Kind kind;
  private final KeyedHash hash;

  private Strategy(Kind kind, KeyedHash hash) {
    this.kind = kind;
    this.hash = hash;
  }

  /** The strategy of {@code kind}; {@code hash} is used by {@link Kind#HASH} only. */
  static Strategy of(Kind kind, KeyedHash hash) {
    return switch (kind) {
      case REDACT -> REDACT;
      case PARTIAL -> PARTIAL;
      case EMAIL -> EMAIL;
      case HASH -> new Strategy(Kind.HASH, Objects.requireNonNull(hash, "hash"));
      case NULL -> NULL;
    };
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The masked value.
   *
   * @param value a value as text, or {@code null} for SQL {@code NULL}
   * @return the masked text, or {@code null} for SQL {@code NULL} (the {@code null} strategy, or a
   *     {@code null} value)
   */
  public String mask(String value) {
    if (value == null) {
      return null;
    }
    return switch (kind) {
      case REDACT -> REDACTED;
      case PARTIAL -> partial(value);
      case EMAIL -> email(value);
      case HASH -> HASH_PREFIX + hash.hex(value);
      case NULL -> null;
    };
  }

  private static String partial(String value) {
    int length = value.codePointCount(0, value.length());
    if (length <= PARTIAL_KEPT) {
      return "*".repeat(length);
    }
    int kept = value.offsetByCodePoints(0, length - PARTIAL_KEPT);
    return "*".repeat(length - PARTIAL_KEPT) + value.substring(kept);
  }

  private static String email(String value) {
    int at = value.lastIndexOf('@');
    if (at < 0 || at == value.length() - 1) {
      return REDACTED;
    }
    return "****" + value.substring(at);
  }

  /** The configuration name; never the key. */
  @Override
  public String toString() {
    return kind.configName;
  }
}
