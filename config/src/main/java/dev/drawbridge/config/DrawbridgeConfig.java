package dev.drawbridge.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole configuration file. Optional sections are {@code null} when absent; use the {@code
 * Optional} accessors below rather than the raw components.
 */
public record DrawbridgeConfig(
    GatewayConfig gateway,
    ListenersConfig listeners,
    AdminConfig admin,
    IdentityConfig identity,
    List<ConnectionConfig> connections,
    List<GrantConfig> grants,
    AuditConfig audit,
    StoreConfig store,
    ApprovalsConfig approvals) {

  public DrawbridgeConfig {
    gateway = gateway == null ? GatewayConfig.DEFAULT : gateway;
    listeners = listeners == null ? ListenersConfig.NONE : listeners;
    identity = identity == null ? IdentityConfig.EMPTY : identity;
    connections = connections == null ? List.of() : List.copyOf(connections);
    grants = grants == null ? List.of() : List.copyOf(grants);
    audit = audit == null ? AuditConfig.DEFAULT : audit;
    store = store == null ? StoreConfig.NONE : store;
    approvals = approvals == null ? ApprovalsConfig.DEFAULT : approvals;
  }

  /** A configuration with the default approval settings. */
  public DrawbridgeConfig(
      GatewayConfig gateway,
      ListenersConfig listeners,
      AdminConfig admin,
      IdentityConfig identity,
      List<ConnectionConfig> connections,
      List<GrantConfig> grants,
      AuditConfig audit,
      StoreConfig store) {
    this(gateway, listeners, admin, identity, connections, grants, audit, store, null);
  }

  public Optional<AdminConfig> adminListener() {
    return Optional.ofNullable(admin);
  }

  public Optional<ConnectionConfig> connection(String name) {
    return connections.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
