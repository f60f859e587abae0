package dev.drawbridge.config.internal;

import dev.drawbridge.config.DrawbridgeConfig;

/** One family of checks over the bound configuration, reporting every problem it finds. */
interface SemanticRule {

  void check(DrawbridgeConfig config, ValidationContext context);
}
