package dev.drawbridge.audit.query;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How far a chain reaches, as the shipper last wrote it in {@code audit.chains}.
 *
 * @param chain the chain's id
 * @param kind {@code session} or {@code gateway}
 * @param firstTime the time of its first event
 * @param lastTime the time of its last event
 * @param lastSeq the position of its last event
 * @param lastHash the hash of its last event
 * @param events how many events it holds
 */
public record ChainHead(
    UUID chain,
    ChainKind kind,
    Instant firstTime,
    Instant lastTime,
    long lastSeq,
    String lastHash,
    long events) {

  public ChainHead {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(firstTime, "firstTime");
    Objects.requireNonNull(lastTime, "lastTime");
    Objects.requireNonNull(lastHash, "lastHash");
  }
}
