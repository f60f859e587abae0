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

  /**
   * What the grants on {@code connection} say about {@code identity} at {@code epochMillis}. An
   * in-force grant whose {@code deny} rules name {@code connect} wins over every grant that would
   * let the identity in; a grant of {@code deny} rules only never lets anyone in.
   */
  ConnectMatch connect(Identity identity, String connection, long epochMillis) {
    CompiledGrant admitting = null;
    CompiledGrant lapsed = null;
    for (CompiledGrant grant : byConnection.getOrDefault(connection, List.of())) {
      if (!grant.subject().appliesTo(identity)) {
        continue;
      }
      if (!grant.inForceAt(epochMillis)) {
        lapsed = lapsed == null && grant.admits() ? grant : lapsed;
      } else if (grant.deniesConnect()) {
        return new ConnectMatch.Denied(grant);
      } else if (admitting == null && grant.admits()) {
        admitting = grant;
      }
    }
    if (admitting != null) {
      return new ConnectMatch.InForce(admitting);
    }
    return lapsed == null ? ConnectMatch.NO_GRANT : new ConnectMatch.Lapsed(lapsed);
  }
}
