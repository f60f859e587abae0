package dev.drawbridge.config.internal;

import dev.drawbridge.config.DrawbridgeConfig;
import java.util.List;

/** Runs every semantic rule over the bound configuration; each reports all it finds. */
public final class SemanticValidator {

  private static final List<SemanticRule> RULES =
      List.of(
          new GatewayRules(),
          new ListenerRules(),
          new IdentityRules(),
          new ConnectionRules(),
          new GrantRules(),
          new StoreRules(),
          new AuditRules(),
          new ApprovalRules());

  private SemanticValidator() {}

  public static void validate(DrawbridgeConfig config, ValidationContext context) {
    context.problems().beginSemanticPhase();
    for (SemanticRule rule : RULES) {
      rule.check(config, context);
    }
  }
}
