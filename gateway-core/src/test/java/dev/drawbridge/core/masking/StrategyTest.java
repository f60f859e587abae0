package dev.drawbridge.core.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class StrategyTest {

  static final byte[] KEY = key(0);
  static final byte[] OTHER_KEY = key(1);

  static Stream<Arguments> outputs() {
    return Stream.of(
        arguments("redact", "alice@example.com", "****"),
        arguments("redact", "x", "****"),
        arguments("redact", "", "****"),
        arguments("partial", "4111111111111111", "************1111"),
        arguments("partial", "12345", "*2345"),
        arguments("partial", "1234", "****"),
        arguments("partial", "abc", "***"),
        arguments("partial", "", ""),
        arguments("partial", "ab\uD83D\uDE00cdef", "***cdef"),
        arguments(
            "partial",
            "x\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00",
            "*\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"),
        arguments("email", "alice@example.com", "****@example.com"),
        arguments("email", "a@b@mail.example.org", "****@mail.example.org"),
        arguments("email", "@example.com", "****@example.com"),
        arguments("email", "alice@", "****"),
        arguments("email", "not an address", "****"),
        arguments("hash", "alice@example.com", "h:a59fc578d4cb46fa"),
        arguments("hash", "Zo\u00eb", "h:895eaa5b6ad2cd8a"),
        arguments("hash", "4111111111111111", "h:0622241201382a45"),
        arguments("null", "alice@example.com", null),
        arguments("null", "", null));
  }

  /** Expected hashes: HMAC-SHA-256 under bytes 0..31, first 8 bytes, computed independently. */
  @ParameterizedTest(name = "{0}({1}) = {2}")
  @MethodSource("outputs")
  void masksEachValueToItsDocumentedOutput(String strategy, String value, String expected) {
    assertThat(strategy(strategy, KEY).mask(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Strategy.Kind.class)
  void keepsSqlNullAsItIs(Strategy.Kind kind) {
    assertThat(strategy(kind.configName(), KEY).mask(null)).isNull();
  }

  @Test
  void hashIsDeterministicUnderOneKeyAndDiffersUnderAnother() {
    Strategy first = strategy("hash", KEY);
    Strategy again = strategy("hash", key(0));
    Strategy other = strategy("hash", OTHER_KEY);

    assertThat(first.mask("alice@example.com"))
        .isEqualTo(again.mask("alice@example.com"))
        .isNotEqualTo(first.mask("bob@example.com"))
        .isNotEqualTo(other.mask("alice@example.com"));
    assertThat(other.mask("alice@example.com")).isEqualTo("h:5b7e653c488e3731");
  }

  @Test
  void hashIsSafeForConcurrentUse() throws InterruptedException {
    Strategy hash = strategy("hash", KEY);
    String[] results = new String[8];
    Thread[] threads = new Thread[results.length];
    for (int t = 0; t < threads.length; t++) {
      int slot = t;
      threads[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    String last = null;
                    for (int i = 0; i < 2_000; i++) {
                      String value = (i % 2 == 0) ? "alice@example.com" : "Zo\u00eb";
                      String masked = hash.mask(value);
                      if (i % 2 == 0) {
                        last = masked;
                      } else if (!masked.equals("h:895eaa5b6ad2cd8a")) {
                        last = "wrong: " + masked;
                        break;
                      }
                    }
                    results[slot] = last;
                  });
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(results).containsOnly("h:a59fc578d4cb46fa");
  }

  @Test
  void namesAreTheOnesTheConfigurationAccepts() {
    // config's ConnectionRules.STRATEGIES, which validation checks strategies against
    assertThat(Arrays.stream(Strategy.Kind.values()).map(Strategy.Kind::configName))
        .containsExactly("redact", "partial", "email", "hash", "null");
    assertThat(Strategy.Kind.fromConfigName("REDACT")).isEmpty();
    assertThat(strategy("email", KEY)).hasToString("email");
  }

  static Strategy strategy(String name, byte[] key) {
    return Strategy.of(Strategy.Kind.fromConfigName(name).orElseThrow(), new KeyedHash(key));
  }

  static byte[] key(int first) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (first + i);
    }
    return key;
  }
}
