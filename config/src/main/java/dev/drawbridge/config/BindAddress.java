package dev.drawbridge.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A {@code host:port} a listener binds to. IPv6 hosts are written in brackets: {@code [::1]:5432}.
 * Port 0 asks the operating system for a free port (useful in tests).
 */
public record BindAddress(String host, int port) {

  public BindAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535");
    }
  }

  /** Parses {@code host:port} or {@code [v6]:port}. */
  @JsonCreator
  public static BindAddress parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("expected host:port");
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number, got '" + text + "'", e);
    }
    return new BindAddress(host, port);
  }

  @JsonValue
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
