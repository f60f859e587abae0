package dev.drawbridge.audit;

import dev.drawbridge.audit.record.ChainLink;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The head of every open chain: its last position and hash. A session's chain is open from its
 * start to its end; the gateway run's chain for as long as the process lives.
 */
final class ChainHeads {

  /** One chain's head; callers hold its monitor while they write the next event. */
  static final class Head {
    private long seq;
    private String hash;

    ChainLink next(UUID chain) {
      return new ChainLink(chain, seq + 1, hash);
    }

    void advance(ChainLink link, String hash) {
      this.seq = link.seq();
      this.hash = hash;
    }
  }

  private final Map<UUID, Head> open = new ConcurrentHashMap<>();

  Head open(UUID chain) {
    return open.computeIfAbsent(chain, c -> new Head());
  }

  /** The head of a chain already open, or null. */
  Head find(UUID chain) {
    return open.get(chain);
  }

  void close(UUID chain) {
    open.remove(chain);
  }
}
