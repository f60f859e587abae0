package dev.drawbridge.postgres.server;

import dev.drawbridge.postgres.upstream.UpstreamTarget;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;

/**
 * The cancel keys the gateway minted for its sessions, each mapped to the upstream key of the
 * session it stands for. The agent only ever sees the gateway's key, so it can cancel its own query
 * and nobody else's, and learns nothing of the upstream.
 */
public final class CancelKeys {

  /** A key as the agent sees it in {@code BackendKeyData}. */
  record Key(int processId, int secretKey) {}

  /**
   * Where a cancel for a key goes: the upstream's own key, and the session, which stops a statement
   * that waits for an approval (nothing of it runs upstream yet).
   */
  record Upstream(UpstreamTarget target, int processId, int secretKey, LocalCancel local) {}

  /** The session's side of a cancel, set once the session relays. */
  static final class LocalCancel {
    private volatile BooleanSupplier action = () -> false;

    void set(BooleanSupplier action) {
      this.action = action;
    }

    /** Whether the session took the cancel itself (a statement waited for an approval). */
    boolean run() {
      return action.getAsBoolean();
    }
  }

  private final ConcurrentMap<Key, Upstream> keys = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** Mints a fresh key for {@code upstream}. */
  Key mint(Upstream upstream) {
    while (true) {
      Key key = new Key(random.nextInt(1, Integer.MAX_VALUE), random.nextInt());
      if (keys.putIfAbsent(key, upstream) == null) {
        return key;
      }
    }
  }

  Optional<Upstream> lookup(int processId, int secretKey) {
    return Optional.ofNullable(keys.get(new Key(processId, secretKey)));
  }

  void release(Key key) {
    keys.remove(key);
  }

  /** Keys in use, one per ready session. */
  public int size() {
    return keys.size();
  }
}
