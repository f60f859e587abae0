package dev.drawbridge.config.internal;

import java.net.InetAddress;

/** What rules need to know about a host name without resolving it. */
final class Hosts {

  private Hosts() {}

  /**
   * Whether {@code host} is {@code localhost} or a loopback address literal ({@code 127.0.0.1},
   * {@code ::1}, {@code [::1]}). Other names are never resolved: a rule must not depend on DNS.
   */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String literal =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      return InetAddress.ofLiteral(literal).isLoopbackAddress();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
