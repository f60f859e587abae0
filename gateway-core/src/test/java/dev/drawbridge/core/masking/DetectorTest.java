package dev.drawbridge.core.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every detector on what it must find and what it must leave alone, masked with redact. */
class DetectorTest {

  static final String JWT =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
          + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
          + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

  static Stream<Arguments> found() {
    return Stream.of(
        arguments(Detector.EMAIL, "alice@example.com", "****"),
        arguments(
            Detector.EMAIL,
            "write to alice.smith+tag@mail.example.co.uk, thanks",
            "write to ****, thanks"),
        arguments(Detector.EMAIL, "ends with alice@example.com.", "ends with ****."),
        arguments(Detector.EMAIL, ".alice@example.com", ".****"),
        arguments(Detector.EMAIL, "a@example.com;b@example.org", "****;****"),
        arguments(Detector.EMAIL, "<alice_o'hara@x-y.example.travel>", "<alice_o'****>"),
        arguments(Detector.CREDIT_CARD, "4111111111111111", "****"),
        arguments(
            Detector.CREDIT_CARD, "card 4111 1111 1111 1111 exp 12/29", "card **** exp 12/29"),
        arguments(Detector.CREDIT_CARD, "4111-1111-1111-1111", "****"),
        arguments(Detector.CREDIT_CARD, "amex 378282246310005", "amex ****"),
        arguments(Detector.CREDIT_CARD, "amex 3782 822463 10005", "amex ****"),
        arguments(Detector.CREDIT_CARD, "diners 30569309025904", "diners ****"),
        arguments(Detector.CREDIT_CARD, "13 digits 4222222222222", "13 digits ****"),
        arguments(Detector.CREDIT_CARD, "19 digits 6011000000000000001", "19 digits ****"),
        arguments(Detector.CREDIT_CARD, "4111111111111111,5500000000000004", "****,****"),
        arguments(Detector.CREDIT_CARD, "4111111111111111 5500000000000004", "**** ****"),
        arguments(Detector.CREDIT_CARD, "call 555 1234 4111 1111 1111 1111", "call 555 1234 ****"),
        arguments(Detector.CREDIT_CARD, "(4111111111111111)", "(****)"),
        arguments(Detector.US_SSN, "123-45-6789", "****"),
        arguments(Detector.US_SSN, "ssn: 123-45-6789.", "ssn: ****."),
        arguments(Detector.US_SSN, "899-99-9999 and 665-01-0001", "**** and ****"),
        arguments(Detector.US_SSN, "SSN-123-45-6789", "SSN-****"),
        arguments(Detector.IBAN, "DE89370400440532013000", "****"),
        arguments(Detector.IBAN, "IBAN DE89 3704 0044 0532 0130 00 ok", "IBAN **** ok"),
        arguments(Detector.IBAN, "GB82 WEST 1234 5698 7654 32", "****"),
        arguments(Detector.IBAN, "NO9386011117947", "****"),
        arguments(Detector.IBAN, "to FR1420041010050500013M02606.", "to ****."),
        arguments(Detector.IBAN, "de89370400440532013000", "****"),
        arguments(Detector.JWT, JWT, "****"),
        arguments(
            Detector.JWT, "Authorization: Bearer " + JWT + "\n", "Authorization: Bearer ****\n"),
        arguments(
            Detector.JWT,
            "token=" + b64("{\"alg\":\"none\"}") + "." + b64("{}") + ".;",
            "token=****;"),
        arguments(Detector.JWT, b64("{ \"alg\": \"RS256\" }") + ".e30.c2ln", "****"),
        arguments(
            Detector.JWT,
            b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a2V5.aXY.Y2lwaGVy.dGFn end",
            "**** end"),
        arguments(Detector.AWS_ACCESS_KEY, "AKIAIOSFODNN7EXAMPLE", "****"),
        arguments(
            Detector.AWS_ACCESS_KEY,
            "aws_access_key_id = ASIAIOSFODNN7EXAMPLE\n",
            "aws_access_key_id = ****\n"),
        arguments(Detector.AWS_ACCESS_KEY, "key_AKIA0123456789ABCDEF", "key_****"),
        arguments(
            Detector.PRIVATE_KEY,
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----",
            "****"),
        arguments(
            Detector.PRIVATE_KEY,
            "key: -----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA PRIVATE KEY----- done",
            "key: **** done"),
        arguments(
            Detector.PRIVATE_KEY,
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA (truncated",
            "****"),
        arguments(
            Detector.PRIVATE_KEY,
            "-----BEGIN EC PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\ntail",
            "****"),
        arguments(
            Detector.PRIVATE_KEY,
            "a -----BEGIN ENCRYPTED PRIVATE KEY-----x-----END ENCRYPTED PRIVATE KEY----- b"
                + " -----BEGIN PGP PRIVATE KEY BLOCK-----y-----END PGP PRIVATE KEY BLOCK----- c",
            "a **** b **** c"));
  }

  static Stream<Arguments> notFound() {
    return Stream.of(
        arguments(Detector.EMAIL, "no at sign here"),
        arguments(Detector.EMAIL, "a@b.c"),
        arguments(Detector.EMAIL, "user@localhost"),
        arguments(Detector.EMAIL, "@example.com"),
        arguments(Detector.EMAIL, "alice@@example.com"),
        arguments(Detector.EMAIL, "x@1.2.3.4"),
        arguments(Detector.EMAIL, "alice@example..com"),
        arguments(Detector.CREDIT_CARD, "4111111111111112"),
        arguments(Detector.CREDIT_CARD, "411111111111"),
        arguments(Detector.CREDIT_CARD, "60110000000000000012"),
        arguments(Detector.CREDIT_CARD, "0.4111111111111111"),
        arguments(Detector.CREDIT_CARD, "4111111111111111.5"),
        arguments(Detector.CREDIT_CARD, "x4111111111111111"),
        arguments(Detector.CREDIT_CARD, "4111111111111111x"),
        arguments(Detector.CREDIT_CARD, "4111 1111-1111 1111"),
        arguments(Detector.CREDIT_CARD, "41111 111 1111 1111"),
        arguments(Detector.CREDIT_CARD, "4111  1111  1111  1111"),
        arguments(Detector.CREDIT_CARD, "12345678-1234-1234-1234-123456789012"),
        arguments(Detector.US_SSN, "000-12-3456"),
        arguments(Detector.US_SSN, "666-12-3456"),
        arguments(Detector.US_SSN, "900-12-3456"),
        arguments(Detector.US_SSN, "999-12-3456"),
        arguments(Detector.US_SSN, "123-00-4567"),
        arguments(Detector.US_SSN, "123-45-0000"),
        arguments(Detector.US_SSN, "123456789"),
        arguments(Detector.US_SSN, "123-45-67890"),
        arguments(Detector.US_SSN, "1-123-45-6789"),
        arguments(Detector.US_SSN, "123-45-6789-1"),
        arguments(Detector.US_SSN, "a123-45-6789"),
        arguments(Detector.US_SSN, "12-345-6789"),
        arguments(Detector.IBAN, "DE88370400440532013000"),
        arguments(Detector.IBAN, "DE88 3704 0044 0532 0130 00"),
        arguments(Detector.IBAN, "DE8937040044053201300"),
        arguments(Detector.IBAN, "DE893704004405320130001"),
        arguments(Detector.IBAN, "ZZ89370400440532013000"),
        arguments(Detector.IBAN, "XDE89370400440532013000"),
        arguments(Detector.IBAN, "DE89 37040044 0532 0130 00"),
        arguments(Detector.JWT, b64("{\"typ\":\"JWT\"}") + ".eyJzdWIiOiIxIn0.c2ln"),
        arguments(Detector.JWT, b64("{not json, \"alg\"") + ".eyJzdWIiOiIxIn0.c2ln"),
        arguments(Detector.JWT, b64("[\"alg\"]") + ".eyJzdWIiOiIxIn0.c2ln"),
        arguments(Detector.JWT, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0"),
        arguments(Detector.JWT, "eyJhbGciOiJIUzI1NiJ9..c2ln"),
        arguments(Detector.JWT, "x" + JWT),
        arguments(Detector.JWT, "they.said.so"),
        arguments(Detector.AWS_ACCESS_KEY, "AKIAIOSFODNN7EXAMPL"),
        arguments(Detector.AWS_ACCESS_KEY, "AKIAIOSFODNN7EXAMPLEX"),
        arguments(Detector.AWS_ACCESS_KEY, "XAKIAIOSFODNN7EXAMPLE"),
        arguments(Detector.AWS_ACCESS_KEY, "AKIAiosfodnn7example"),
        arguments(Detector.AWS_ACCESS_KEY, "ABIAIOSFODNN7EXAMPLE"),
        arguments(
            Detector.PRIVATE_KEY, "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"),
        arguments(
            Detector.PRIVATE_KEY, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"),
        arguments(Detector.PRIVATE_KEY, "-----BEGIN private key-----\nMIIB"),
        arguments(Detector.PRIVATE_KEY, "BEGIN PRIVATE KEY"));
  }

  @ParameterizedTest(name = "{0} masks {1}")
  @MethodSource("found")
  void masksEveryMatchInPlace(Detector detector, String value, String expected) {
    assertThat(new DetectorRule(detector, Strategy.REDACT).mask(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} leaves {1}")
  @MethodSource("notFound")
  void leavesWhatItDoesNotFindAsItIs(Detector detector, String value) {
    assertThat(new DetectorRule(detector, Strategy.REDACT).mask(value)).isSameAs(value);
  }

  /** Each detector's false positives are some other detector's business, never a match. */
  @ParameterizedTest(name = "{0} ignores the others' matches")
  @MethodSource("detectors")
  void findsNothingInWhatOnlyOtherDetectorsMatch(Detector detector) {
    found()
        .map(Arguments::get)
        .filter(args -> args[0] != detector)
        .map(args -> (String) args[1])
        .forEach(value -> assertThat(detector.find(value, 0)).as(value).isEqualTo(Spans.NONE));
  }

  static Stream<Detector> detectors() {
    return Stream.of(Detector.values());
  }

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
