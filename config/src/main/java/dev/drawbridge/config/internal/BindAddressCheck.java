package dev.drawbridge.config.internal;

import dev.drawbridge.config.BindAddress;
import java.util.Optional;

/** Says what is wrong with a {@code host:port} before {@link BindAddress#parse} would throw. */
final class BindAddressCheck {

  private BindAddressCheck() {}

  /** Why the text is not a bind address (without the text itself), or empty when it is one. */
  static Optional<String> problem(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      return Optional.of("expected host:port such as 127.0.0.1:8081");
    }
    String host = text.substring(0, colon);
    if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
      return Optional.of("an IPv6 host must be in brackets, as in [::1]:8081");
    }
    if (host.isBlank() || host.equals("[]")) {
      return Optional.of("the host must not be empty");
    }
    String port = text.substring(colon + 1);
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
      return Optional.of("the port must be a number between 0 and 65535");
    }
    try {
      BindAddress.parse(text);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("expected host:port such as 127.0.0.1:8081");
    }
  }
}
