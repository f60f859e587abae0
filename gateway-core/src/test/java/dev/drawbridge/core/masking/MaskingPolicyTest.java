package dev.drawbridge.core.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.drawbridge.config.MaskingRuleConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MaskingPolicyTest {

  static final byte[] KEY = StrategyTest.key(0);

  static final List<MaskingRuleConfig> RULES =
      List.of(
          columns("email", "public.customers.email"),
          columns("redact", "public.customers.ssn", "public.customers.email"),
          columns("partial", "billing.*.card_number"),
          columns("hash", "*.*.api_token"),
          detectors("partial", "credit-card", "us-ssn"),
          detectors("null", "us-ssn", "email"));

  static Stream<Arguments> resolution() {
    return Stream.of(
        arguments("public.customers.email", "masked email"),
        arguments("public.customers.ssn", "masked redact"),
        arguments(
            "public.Customers.email", "scanned credit-card:partial us-ssn:partial email:null"),
        arguments("billing.invoices.card_number", "masked partial"),
        arguments("billing.a.b.card_number", "masked partial"),
        arguments(
            "billing.invoices.card_number_last4",
            "scanned credit-card:partial us-ssn:partial email:null"),
        arguments("sales.users.api_token", "masked hash"),
        arguments("public.customers.name", "scanned credit-card:partial us-ssn:partial email:null"),
        arguments("(computed)", "scanned credit-card:partial us-ssn:partial email:null"));
  }

  /**
   * The first column rule that names a column wins; other columns are scanned by every detector,
   * each with the strategy of the first rule naming it.
   */
  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("resolution")
  void resolvesEachColumnToColumnRuleOrDetectors(String column, String expected) {
    MaskingPolicy policy = new MaskingPolicy(RULES, KEY);

    assertThat(describe(policy.forColumn(source(column)))).isEqualTo(expected);
  }

  static Stream<Arguments> withoutDetectors() {
    return Stream.of(
        arguments("public.customers.email", "masked email"),
        arguments("public.customers.name", "unmasked"),
        arguments("public.customers.emails", "unmasked"),
        arguments("(computed)", "unmasked"));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("withoutDetectors")
  void leavesColumnsUnmaskedWhenNoDetectorIsConfigured(String column, String expected) {
    MaskingPolicy policy =
        new MaskingPolicy(List.of(columns("email", "public.customers.email")), KEY);

    assertThat(describe(policy.forColumn(source(column)))).isEqualTo(expected);
    assertThat(policy.masksNothing()).isFalse();
  }

  @Test
  void aRuleWithColumnsAndDetectorsMasksItsColumnsAndScansTheOthers() {
    MaskingPolicy policy =
        new MaskingPolicy(
            List.of(
                new MaskingRuleConfig(List.of("public.notes.body"), List.of("email"), "redact")),
            KEY);

    assertThat(describe(policy.forColumn(source("public.notes.body")))).isEqualTo("masked redact");
    assertThat(describe(policy.forColumn(source("public.notes.title"))))
        .isEqualTo("scanned email:redact");
  }

  @Test
  void aPolicyWithoutRulesMasksNothing() {
    MaskingPolicy empty = new MaskingPolicy(List.of(), KEY);

    assertThat(empty.masksNothing()).isTrue();
    assertThat(MaskingPolicy.none().masksNothing()).isTrue();
    assertThat(MaskingPolicy.none().forColumn(source("public.customers.email")))
        .isSameAs(ColumnMasking.Unmasked.INSTANCE);
    assertThat(new MaskingPolicy(List.of(detectors("redact", "jwt")), KEY).masksNothing())
        .isFalse();
  }

  @Test
  void scannedColumnsMaskEachMatchWithItsDetectorsStrategy() {
    ColumnMasking scanned = new MaskingPolicy(RULES, KEY).forColumn(Optional.empty());

    assertThat(scanned.mask("card 4111 1111 1111 1111, ssn 123-45-6789."))
        .isEqualTo("card ***************1111, ssn *******6789.");
    assertThat(scanned.mask("ssn 123-45-6789, mail alice@example.com")).isNull();
  }

  @Test
  void unchangedValuesComeBackAsTheSameInstance() {
    MaskingPolicy policy = new MaskingPolicy(RULES, KEY);
    String plain = new String("nothing to see at 12:30 on 2026-01-31, order 42");

    assertThat(policy.forColumn(Optional.empty()).mask(plain)).isSameAs(plain);
    assertThat(MaskingPolicy.none().forColumn(Optional.empty()).mask(plain)).isSameAs(plain);
    assertThat(policy.forColumn(Optional.empty()).mask(null)).isNull();
    String masked = policy.forColumn(source("public.customers.ssn")).mask(plain);
    assertThat(masked).isEqualTo("****").isNotSameAs(plain);
    String found = policy.forColumn(Optional.empty()).mask("4111111111111111");
    assertThat(found).isEqualTo("************1111");
  }

  @Test
  void nothingIsAllocatedWhenNothingIsFound() {
    ColumnMasking scanned =
        new MaskingPolicy(
                List.of(
                    detectors(
                        "redact",
                        Arrays.stream(Detector.values())
                            .map(Detector::configName)
                            .toArray(String[]::new))),
                KEY)
            .forColumn(Optional.empty());
    String plain = "order 42 shipped 2026-01-31 to A. Smith, ref AB12-XY, total 1234.50 EUR";
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    for (int i = 0; i < 20_000; i++) {
      scanned.mask(plain); // warm up
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 20_000; i++) {
      if (scanned.mask(plain) != plain) {
        throw new AssertionError("changed");
      }
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;

    assertThat(allocated).as("bytes allocated by 20,000 scans").isLessThan(20_000);
  }

  @Test
  void hashesAlikeAcrossPoliciesWithOneKeyAndDifferentlyUnderAnother() {
    List<MaskingRuleConfig> rules = List.of(columns("hash", "public.customers.email"));
    byte[] key = StrategyTest.key(0);
    ColumnMasking first = new MaskingPolicy(rules, key).forColumn(source("public.customers.email"));
    key[0] = 99; // the policy keeps its own copy
    ColumnMasking second =
        new MaskingPolicy(rules, StrategyTest.key(0)).forColumn(source("public.customers.email"));
    ColumnMasking other =
        new MaskingPolicy(rules, StrategyTest.OTHER_KEY)
            .forColumn(source("public.customers.email"));

    assertThat(first.mask("alice@example.com"))
        .isEqualTo(second.mask("alice@example.com"))
        .isEqualTo("h:a59fc578d4cb46fa")
        .isNotEqualTo(other.mask("alice@example.com"));
  }

  @Test
  void overlappingMatchesAreMaskedOnceByTheOneThatStartsFirst() {
    ColumnMasking scanned =
        new MaskingPolicy(
                List.of(
                    detectors("partial", "aws-access-key", "email"),
                    detectors("redact", "private-key")),
                KEY)
            .forColumn(Optional.empty());

    assertThat(
            scanned.mask(
                "k=-----BEGIN PRIVATE KEY-----\nAKIAIOSFODNN7EXAMPLE a@example.com\n"
                    + "-----END PRIVATE KEY-----; id AKIAIOSFODNN7EXAMPLE"))
        .isEqualTo("k=****; id ****************MPLE");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments(
            detectors("partial", "credit-card", "credt-card"),
            "masking[0].detectors[1]: unknown detector 'credt-card'; one of email, credit-card,"
                + " us-ssn, iban, jwt, aws-access-key, private-key"),
        arguments(
            columns("scramble", "public.t.c"),
            "masking[0].strategy: unknown strategy 'scramble'; one of redact, partial, email, hash,"
                + " null"),
        arguments(
            new MaskingRuleConfig(List.of("public.t.c"), List.of(), null),
            "masking[0].strategy: is required; one of redact, partial, email, hash, null"),
        arguments(
            new MaskingRuleConfig(List.of(), List.of(), "redact"),
            "masking[0]: a masking rule needs columns or detectors"),
        arguments(
            columns("redact", "public.t.c", "customers.email"),
            "masking[0].columns[1]: column 'customers.email' must be qualified as"
                + " schema.table.column"),
        arguments(
            columns("redact", "*.email"),
            "masking[0].columns[0]: column glob '*.email' must have three parts,"
                + " schema.table.column (*.*.email names every email column)"),
        arguments(
            columns("redact", "public.*.t.c"),
            "masking[0].columns[0]: column glob 'public.*.t.c' must have three parts,"
                + " schema.table.column (*.*.email names every email column)"),
        arguments(
            columns("redact", "public..c"),
            "masking[0].columns[0]: column 'public..c' must be qualified as schema.table.column"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void refusesRulesItCannotApply(MaskingRuleConfig rule, String message) {
    assertThatThrownBy(() -> new MaskingPolicy(List.of(rule), KEY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void refusesAShortHashKey() {
    assertThatThrownBy(() -> new MaskingPolicy(List.of(), new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the masking hash key must have at least 32 bytes");
  }

  @Test
  void detectorNamesAreTheDocumentedOnes() {
    assertThat(Arrays.stream(Detector.values()).map(Detector::configName))
        .containsExactly(
            "email", "credit-card", "us-ssn", "iban", "jwt", "aws-access-key", "private-key");
    assertThat(Detector.fromConfigName("EMAIL")).isEmpty();
  }

  static String describe(ColumnMasking masking) {
    return switch (masking) {
      case ColumnMasking.Unmasked _ -> "unmasked";
      case ColumnMasking.Masked m -> "masked " + m.strategy();
      case ColumnMasking.Scanned s ->
          "scanned "
              + s.detectors().stream()
                  .map(d -> d.detector().configName() + ":" + d.strategy())
                  .collect(Collectors.joining(" "));
    };
  }

  static Optional<String> source(String column) {
    return column.equals("(computed)") ? Optional.empty() : Optional.of(column);
  }

  static MaskingRuleConfig columns(String strategy, String... columns) {
    return new MaskingRuleConfig(List.of(columns), List.of(), strategy);
  }

  static MaskingRuleConfig detectors(String strategy, String... detectors) {
    return new MaskingRuleConfig(List.of(), List.of(detectors), strategy);
  }
}
