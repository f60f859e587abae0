package dev.drawbridge.policy.approval;

import dev.drawbridge.core.model.ApprovalVerdict;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Approvals and run-time grants of a single gateway, in memory (without {@code store.postgres}).
 */
public final class MemoryPolicyStore implements PolicyStore {

  /** How many decided requests are kept to show. */
  private static final int RECENT = 500;

  private final Map<String, ApprovalRequest> pending = new LinkedHashMap<>();
  private final Deque<ApprovalRequest> recent = new ArrayDeque<>();
  private final Map<String, TemporaryGrant> grants = new LinkedHashMap<>();

  @Override
  public synchronized void add(ApprovalRequest request) {
    pending.put(request.id(), request);
  }

  @Override
  public synchronized List<ApprovalRequest> requests(boolean all) {
    List<ApprovalRequest> list = new ArrayList<>(pending.values());
    if (all) {
      list.addAll(recent);
    }
    list.sort(Comparator.comparing(ApprovalRequest::requestedAt).reversed());
    return list;
  }

  @Override
  public synchronized Optional<ApprovalRequest> request(String id) {
    ApprovalRequest request = pending.get(id);
    if (request != null) {
      return Optional.of(request);
    }
    return recent.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  @Override
  public synchronized Optional<ApprovalRequest> settle(
      String id, ApprovalVerdict verdict, TemporaryGrant grant) {
    ApprovalRequest request = pending.remove(id);
    if (request == null) {
      return Optional.empty();
    }
    ApprovalRequest settled = request.with(verdict);
    recent.addFirst(settled);
    while (recent.size() > RECENT) {
      recent.removeLast();
    }
    if (grant != null) {
      grants.put(grant.id(), grant);
    }
    return Optional.of(settled);
  }

  @Override
  public synchronized boolean addGrant(TemporaryGrant grant) {
    return grants.putIfAbsent(grant.id(), grant) == null;
  }

  @Override
  public synchronized List<TemporaryGrant> grants(Instant now) {
    grants.values().removeIf(g -> !g.expiresAt().isAfter(now));
    return List.copyOf(grants.values());
  }

  @Override
  public synchronized Optional<TemporaryGrant> revoke(
      String id, String actor, String reason, Instant now) {
    TemporaryGrant grant = grants.get(id);
    if (grant == null || !grant.expiresAt().isAfter(now)) {
      return Optional.empty();
    }
    grants.remove(id);
    return Optional.of(grant);
  }

  @Override
  public void listen(Changes changes) {
    // a single gateway: every change is made here
  }

  @Override
  public void close() {}
}
