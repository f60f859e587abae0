package dev.drawbridge.config.internal;

import dev.drawbridge.config.BindAddress;
import dev.drawbridge.config.DataSize;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.ListenersConfig;
import dev.drawbridge.config.PostgresListenerConfig;
import dev.drawbridge.config.TlsConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Listeners and the admin endpoint: TLS files exist, the PostgreSQL listener is encrypted unless
 * plaintext is asked for, its size limits and timeouts are sane, and no two listeners claim the
 * same port.
 */
final class ListenerRules implements SemanticRule {

  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "*");

  /** Real clients send a few hundred bytes; PostgreSQL itself refuses more than 10000. */
  static final DataSize MIN_STARTUP_PACKET = DataSize.ofKibibytes(1);

  static final DataSize MAX_STARTUP_PACKET = DataSize.ofMebibytes(1);

  /** Below this, ordinary statements and rows would not fit. */
  static final DataSize MIN_MESSAGE_SIZE = DataSize.ofKibibytes(8);

  /** PostgreSQL's own ceiling on one value (MaxAllocSize). */
  static final DataSize MAX_MESSAGE_SIZE = DataSize.ofGibibytes(1);

  /** Longer handshakes only hold sockets open for clients that never authenticate. */
  static final Duration MAX_HANDSHAKE_TIMEOUT = Duration.ofMinutes(5);

  @Override
  public void check(DrawbridgeConfig config, ValidationContext context) {
    ListenersConfig listeners = config.listeners();
    if (listeners.postgres() != null) {
      postgres(listeners.postgres(), context);
    }
    if (listeners.http() != null) {
      tls(listeners.http().tls(), "listeners.http.tls", context);
    }
    Map<String, BindAddress> binds = new LinkedHashMap<>();
    listeners.postgresListener().ifPresent(l -> binds.put("listeners.postgres.bind", l.bind()));
    listeners.httpListener().ifPresent(l -> binds.put("listeners.http.bind", l.bind()));
    listeners.sshListener().ifPresent(l -> binds.put("listeners.ssh.bind", l.bind()));
    config.adminListener().ifPresent(a -> binds.put("admin.bind", a.bind()));
    portClashes(binds, context);
  }

  private static void postgres(PostgresListenerConfig listener, ValidationContext context) {
    String base = "listeners.postgres";
    if (listener.tls() != null) {
      tls(listener.tls(), base + ".tls", context);
    } else if (!listener.allowPlaintext()) {
      context.error(
          base + ".tls",
          "is required unless allowPlaintext is true (plaintext is meant for loopback and tests)");
    }
    if (listener.allowPlaintext()
        && listener.bind() != null
        && !Hosts.isLoopback(listener.bind().host())) {
      context.warning(
          base + ".allowPlaintext",
          "plaintext accepted on "
              + context.echo().plain(base + ".bind", listener.bind().toString())
              + ", which is not a loopback address; agents' tokens cross the network unencrypted");
    }
    Limits.between(
        listener.maxStartupPacket(),
        MIN_STARTUP_PACKET,
        MAX_STARTUP_PACKET,
        base + ".maxStartupPacket",
        context);
    Limits.between(
        listener.maxMessageSize(),
        MIN_MESSAGE_SIZE,
        MAX_MESSAGE_SIZE,
        base + ".maxMessageSize",
        context);
    Limits.positiveAtMost(
        listener.handshakeTimeout(), MAX_HANDSHAKE_TIMEOUT, base + ".handshakeTimeout", context);
  }

  private static void tls(TlsConfig tls, String path, ValidationContext context) {
    if (tls == null) {
      return;
    }
    FileChecks.readable(tls.cert(), ConfigPaths.child(path, "cert"), context);
    FileChecks.readable(tls.key(), ConfigPaths.child(path, "key"), context);
  }

  private static void portClashes(Map<String, BindAddress> binds, ValidationContext context) {
    Map<String, BindAddress> earlier = new LinkedHashMap<>();
    for (Map.Entry<String, BindAddress> entry : binds.entrySet()) {
      BindAddress bind = entry.getValue();
      if (bind == null) {
        continue;
      }
      for (Map.Entry<String, BindAddress> before : earlier.entrySet()) {
        if (clash(bind, before.getValue())) {
          context.error(
              entry.getKey(), "port " + bind.port() + " is already used by " + before.getKey());
          break;
        }
      }
      earlier.put(entry.getKey(), bind);
    }
  }

  private static boolean clash(BindAddress a, BindAddress b) {
    return a.port() != 0
        && a.port() == b.port()
        && (a.host().equals(b.host())
            || WILDCARDS.contains(a.host())
            || WILDCARDS.contains(b.host()));
  }
}
