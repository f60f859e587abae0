package dev.drawbridge.config;

import java.util.Optional;

/** Shared state; without {@code postgres} the gateway runs embedded (journal only). */
public record StoreConfig(PostgresStoreConfig postgres) {

  public static final StoreConfig NONE = new StoreConfig(null);

  public Optional<PostgresStoreConfig> postgresStore() {
    return Optional.ofNullable(postgres);
  }
}
