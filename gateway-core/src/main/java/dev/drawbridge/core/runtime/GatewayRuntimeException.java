package dev.drawbridge.core.runtime;

import java.io.Serial;

/**
 * The runtime could not do what it was asked: bind a port, load a certificate, start a listener.
 */
public final class GatewayRuntimeException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  public GatewayRuntimeException(String message) {
    super(message);
  }

  public GatewayRuntimeException(String message, Throwable cause) {
    super(message, cause);
  }
}
