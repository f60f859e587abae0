package dev.drawbridge.core.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values built to make a backtracking or rescanning detector quadratic: 400,000 characters of
 * near-misses, each scanned by every detector. Quadratic work on them takes minutes; linear work
 * takes milliseconds.
 */
class LinearTimeTest {

  static final int LENGTH = 400_000;

  static Stream<Arguments> adversarial() {
    return Stream.of(
        arguments("@ only", "@"),
        arguments("local parts and @", "a.b@"),
        arguments("a domain that never ends", "a@" + "b-".repeat(LENGTH / 4)),
        arguments("digits", "1"),
        arguments("single-digit groups", "1 "),
        arguments("four-digit groups", "4111 "),
        arguments("dashed digits", "1-"),
        arguments("SSN prefixes", "123-45-"),
        arguments("IBAN prefixes", "DE89"),
        arguments("grouped IBAN prefixes", "DE89 3704 "),
        arguments("header-like segments", "ey."),
        arguments("headers without alg", DetectorTest.b64("{\"typ\":\"JWT\"}") + "."),
        arguments("long first segments", "eyJ" + "A".repeat(LENGTH / 2) + "."),
        arguments("key id prefixes", "AKIA"),
        arguments("BEGIN lines", "-----BEGIN "),
        arguments("labels that never close", "-----BEGIN " + "PRIVATE KEY ".repeat(10)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adversarial")
  void everyDetectorStaysLinear(String name, String unit) {
    String value = unit.repeat(Math.max(1, LENGTH / unit.length()));
    for (Detector detector : Detector.values()) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () -> {
            int matches = 0;
            for (long span = detector.find(value, 0);
                span != Spans.NONE;
                span = detector.find(value, Spans.end(span))) {
              assertThat(Spans.end(span)).isGreaterThan(Spans.start(span));
              matches++;
            }
            return matches;
          },
          detector.configName() + " on " + name);
    }
  }
}
