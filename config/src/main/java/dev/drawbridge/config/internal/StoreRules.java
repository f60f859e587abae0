package dev.drawbridge.config.internal;

import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.PostgresStoreConfig;

/** The shared PostgreSQL store. Its URL is never quoted: it may carry a password. */
final class StoreRules implements SemanticRule {

  @Override
  public void check(DrawbridgeConfig config, ValidationContext context) {
    PostgresStoreConfig postgres = config.store().postgres();
    if (postgres == null || postgres.url() == null) {
      return;
    }
    if (!postgres.url().startsWith("jdbc:postgresql:")) {
      context.error(
          "store.postgres.url",
          "must be a PostgreSQL JDBC URL starting with jdbc:postgresql:, such as"
              + " jdbc:postgresql://audit-db:5432/drawbridge");
    }
  }
}
