package dev.drawbridge.config.internal;

import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.GatewayConfig;

/** The gateway process's own settings. */
final class GatewayRules implements SemanticRule {

  @Override
  public void check(DrawbridgeConfig config, ValidationContext context) {
    Integer ioThreads = config.gateway().ioThreads();
    if (ioThreads != null && (ioThreads < 1 || ioThreads > GatewayConfig.MAX_IO_THREADS)) {
      context.error(
          "gateway.ioThreads",
          "must be between 1 and "
              + GatewayConfig.MAX_IO_THREADS
              + " (leave it out for one per processor), got "
              + context.echo().plain("gateway.ioThreads", ioThreads.toString()));
    }
  }
}
