package dev.drawbridge.policy;

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

  /** Every grant on {@code connection}, whoever it is for, in the order of the file. */
  List<CompiledGrant> on(String connection) {
    return byConnection.getOrDefault(connection, List.of());
  }
}
