package dev.drawbridge.config.internal;

import dev.drawbridge.config.ConnectionConfig;
import dev.drawbridge.config.ConnectionType;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.MaskingRuleConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.config.UpstreamConfig;
import dev.drawbridge.config.UpstreamTlsMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Connections: unique names, a reachable and properly secured upstream, sound masking rules. */
final class ConnectionRules implements SemanticRule {

  /** The masking strategies the masking engine implements. */
  static final List<String> STRATEGIES = List.of("redact", "partial", "email", "hash", "null");

  /** The content detectors a masking rule may name (gateway-core's masking engine). */
  static final List<String> DETECTORS =
      List.of("email", "credit-card", "us-ssn", "iban", "jwt", "aws-access-key", "private-key");

  /** Longer waits hold an agent's session hostage to an upstream that does not answer. */
  static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(5);

  @Override
  public void check(DrawbridgeConfig config, ValidationContext context) {
    Map<String, String> names = new HashMap<>();
    List<ConnectionConfig> connections = config.connections();
    String hashRule = null;
    for (int i = 0; i < connections.size(); i++) {
      ConnectionConfig connection = connections.get(i);
      String base = ConfigPaths.index("connections", i);
      String namePath = ConfigPaths.child(base, "name");
      context.notBlank(connection.name(), namePath);
      if (connection.name() != null) {
        String first = names.putIfAbsent(connection.name(), base);
        if (first != null) {
          context.error(
              namePath,
              "duplicate connection name "
                  + context.echo().quote(namePath, connection.name())
                  + " (also at "
                  + first
                  + ")");
        }
      }
      if (connection.upstream() != null) {
        upstream(connection.type(), connection.upstream(), base + ".upstream", context);
      }
      List<MaskingRuleConfig> masking = connection.masking();
      for (int j = 0; j < masking.size(); j++) {
        masking(masking.get(j), ConfigPaths.index(base + ".masking", j), context);
        if ("hash".equals(masking.get(j).strategy()) && hashRule == null) {
          hashRule = ConfigPaths.index(base + ".masking", j);
        }
      }
    }
    if (hashRule != null) {
      maskingKey(config.gateway().maskingKey(), hashRule, context);
    }
  }

  /** The shortest {@code gateway.maskingKey}: as long as the HMAC-SHA-256 it keys. */
  static final int MIN_MASKING_KEY_BYTES = 32;

  private static void maskingKey(Secret key, String hashRule, ValidationContext context) {
    if (key == null || key.isEmpty()) {
      context.error(
          "gateway.maskingKey",
          "is required because "
              + hashRule
              + " uses the hash strategy (a secret of at least "
              + MIN_MASKING_KEY_BYTES
              + " bytes, such as \"${env:DRAWBRIDGE_MASKING_KEY}\" from openssl rand -base64 48)");
    } else if (key.reveal().getBytes(StandardCharsets.UTF_8).length < MIN_MASKING_KEY_BYTES) {
      context.error(
          "gateway.maskingKey", "must be at least " + MIN_MASKING_KEY_BYTES + " bytes long");
    }
  }

  private static void upstream(
      ConnectionType type, UpstreamConfig upstream, String base, ValidationContext context) {
    context.notBlank(upstream.host(), base + ".host");
    if (upstream.port() < 1 || upstream.port() > 65535) {
      context.error(base + ".port", "must be between 1 and 65535");
    }
    if (type == ConnectionType.POSTGRES
        && (upstream.database() == null || upstream.database().isBlank())) {
      context.error(base + ".database", "is required for a postgres connection");
    }
    if (upstream.tls() == UpstreamTlsMode.VERIFY_FULL && upstream.ca() == null) {
      context.error(base + ".ca", "is required when tls is verify-full");
    }
    FileChecks.readable(upstream.ca(), base + ".ca", context);
    Limits.positiveAtMost(
        upstream.connectTimeout(), MAX_CONNECT_TIMEOUT, base + ".connectTimeout", context);
  }

  private static void masking(MaskingRuleConfig rule, String base, ValidationContext context) {
    String strategyPath = base + ".strategy";
    String strategy = rule.strategy();
    if (strategy != null && !STRATEGIES.contains(strategy)) {
      context.error(
          strategyPath,
          "must be one of "
              + String.join(", ", STRATEGIES)
              + ", got "
              + context.echo().quote(strategyPath, strategy)
              + context.didYouMean(strategyPath, strategy, STRATEGIES));
    }
    for (int i = 0; i < rule.detectors().size(); i++) {
      String detector = rule.detectors().get(i);
      String path = ConfigPaths.index(base + ".detectors", i);
      if (!DETECTORS.contains(detector)) {
        context.error(
            path,
            "unknown detector "
                + context.echo().quote(path, detector)
                + "; expected one of "
                + String.join(", ", DETECTORS)
                + context.didYouMean(path, detector, DETECTORS));
      }
    }
    for (int i = 0; i < rule.columns().size(); i++) {
      String column = rule.columns().get(i);
      String[] parts = column == null ? new String[0] : column.split("\\.", -1);
      if (parts.length != 3 || Arrays.stream(parts).anyMatch(String::isBlank)) {
        context.error(
            ConfigPaths.index(base + ".columns", i),
            "must name a column as schema.table.column (each part may use *), such as"
                + " public.customers.email");
      }
    }
    if (rule.columns().isEmpty()
        && rule.detectors().isEmpty()
        && !context.anyError(base + ".columns", base + ".detectors")) {
      context.error(base, "a masking rule needs columns or detectors (or both)");
    }
  }
}
