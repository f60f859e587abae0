package dev.drawbridge.policy;

import dev.drawbridge.core.model.Identity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The grants by connection name, each list in the order of the file. Immutable, so event loops read
 * it without locks.
 */
final class GrantIndex {

  private final Map<String, List<CompiledGrant>> byConnection;

  private GrantIndex(Map<String, List<CompiledGrant>> byConnection) {
    this.byConnection = byConnection;
  }

  static GrantIndex of(List<CompiledGrant> grants) {
    Map<String, List<CompiledGrant>> building = new HashMap<>();
    for (CompiledGrant grant : grants) {
      building.computeIfAbsent(grant.connection(), c -> new ArrayList<>()).add(grant);
    }
    Map<String, List<CompiledGrant>> frozen = new HashMap<>();
    building.forEach((connection, list) -> frozen.put(connection, List.copyOf(list)));
    return new GrantIndex(Map.copyOf(frozen));
  }

  /** What the grants on {@code connection} say about {@code identity} at {@code epochMillis}. */
  ConnectMatch connect(Identity identity, String connection, long epochMillis) {
    CompiledGrant lapsed = null;
    for (CompiledGrant grant : byConnection.getOrDefault(connection, List.of())) {
      if (!grant.subject().appliesTo(identity)) {
        continue;
      }
      if (grant.inForceAt(epochMillis)) {
        return new ConnectMatch.InForce(grant);
      }
      if (lapsed == null) {
        lapsed = grant;
      }
    }
    return lapsed == null ? ConnectMatch.NO_GRANT : new ConnectMatch.Lapsed(lapsed);
  }
}
