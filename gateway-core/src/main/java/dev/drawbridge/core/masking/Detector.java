package dev.drawbridge.core.masking;

import java.util.Optional;

/**
 * What a masking rule's {@code detectors} name: kinds of sensitive content found in a text value
 * wherever it appears, whatever the column. Each finds its matches in linear time, and a value with
 * nothing to find costs a search for a marker character ({@code @}, {@code -}, {@code ey}, {@code
 * A}) or one pass over its characters.
 */
public enum Detector {
  /** E-mail addresses ({@code alice@example.com}). */
  EMAIL("email", new EmailFinder()),
  /** Luhn-valid payment card numbers of 13 to 19 digits, optionally grouped. */
  CREDIT_CARD("credit-card", new CardFinder()),
  /** US social security numbers {@code AAA-GG-SSSS} that could have been issued. */
  US_SSN("us-ssn", new SsnFinder()),
  /** IBANs with a registered country's length and a valid mod-97 check. */
  IBAN("iban", new IbanFinder()),
  /** Compact JSON Web Tokens whose header names an {@code alg}. */
  JWT("jwt", new JwtFinder()),
  /** AWS access key ids ({@code AKIA…}, {@code ASIA…}). */
  AWS_ACCESS_KEY("aws-access-key", new AwsKeyFinder()),
  /** PEM private key blocks, BEGIN line through END line. */
  PRIVATE_KEY("private-key", new PrivateKeyFinder());

  private final String configName;
  private final Finder finder;

  Detector(String configName, Finder finder) {
    this.configName = configName;
    this.finder = finder;
  }

  /** The name a masking rule's {@code detectors} use. */
  public String configName() {
    return configName;
  }

  public static Optional<Detector> fromConfigName(String name) {
    for (Detector detector : values()) {
      if (detector.configName.equals(name)) {
        return Optional.of(detector);
      }
    }
    return Optional.empty();
  }

  /** The first match at or after {@code from}, as {@link Spans} bounds. */
  long find(String value, int from) {
    return finder.find(value, from);
  }
}
