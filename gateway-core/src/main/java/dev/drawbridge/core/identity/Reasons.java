package dev.drawbridge.core.identity;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every rejection message an agent can receive, in one place (docs/identity.md lists them). A
 * message names what was wrong and never contains the token, a signature, a secret or key material;
 * values copied from the token (issuer, key id, audience) are shortened and stripped of control
 * characters first.
 */
final class Reasons {

  private static final int MAX_ECHO = 80;

  private Reasons() {}

  static String noToken() {
    return "no token presented";
  }

  static String tooLong(int max) {
    return "token is longer than " + max + " characters";
  }

  static String malformed() {
    return "malformed token";
  }

  static String missingClaim(String claim) {
    return "token has no '" + echo(claim) + "' claim";
  }

  static String claimNotString(String claim) {
    return "token claim '" + echo(claim) + "' is not a string";
  }

  static String groupsNotStrings(String claim) {
    return "token claim '" + echo(claim) + "' is neither a string nor a list of strings";
  }

  static String unknownIssuer(String issuer) {
    return "unknown issuer '" + echo(issuer) + "'";
  }

  static String algorithmNotAccepted(String alg, String issuer, Collection<String> accepted) {
    return "algorithm "
        + echo(alg)
        + " is not accepted for issuer '"
        + echo(issuer)
        + "' (accepted: "
        + String.join(", ", accepted)
        + ")";
  }

  static String criticalHeader(Collection<String> names) {
    return "token has critical header parameters that are not supported: "
        + names.stream().map(Reasons::echo).sorted().collect(Collectors.joining(", "));
  }

  static String unknownKeyId(String kid, String issuer) {
    return "unknown key id '" + echo(kid) + "' for issuer '" + echo(issuer) + "'";
  }

  static String noKeyForAlgorithm(String alg, String issuer) {
    return "issuer '" + echo(issuer) + "' has no key for algorithm " + echo(alg);
  }

  static String keysUnavailable(String issuer) {
    return "could not fetch keys for issuer '" + echo(issuer) + "'";
  }

  static String badSignature() {
    return "signature does not verify";
  }

  static String expired(Instant expiredAt) {
    return "token expired at " + expiredAt;
  }

  static String notYetValid(Instant notBefore) {
    return "token not valid before " + notBefore;
  }

  static String audience(List<String> presented, List<String> accepted) {
    String shown =
        presented.stream().map(Reasons::echo).collect(Collectors.joining(", ", "[", "]"));
    return accepted.size() == 1
        ? "audience " + shown + " does not include " + accepted.getFirst()
        : "audience " + shown + " does not include any of " + String.join(", ", accepted);
  }

  static String agentKeyNotRecognised() {
    return "agent key not recognised";
  }

  static String internalError() {
    return "token could not be checked (internal error; see the gateway log)";
  }

  /** A value from the token, made safe to show: shortened and without control characters. */
  static String echo(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_ECHO + 1));
    for (int i = 0; i < value.length() && out.length() < MAX_ECHO; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (value.length() > MAX_ECHO) {
      out.append('…');
    }
    return out.toString();
  }
}
