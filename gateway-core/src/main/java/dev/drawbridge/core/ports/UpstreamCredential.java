package dev.drawbridge.core.ports;

import dev.drawbridge.config.Secret;
import java.util.Objects;

/**
 * The credential the gateway presents to an upstream on an agent's behalf. The agent never sees it.
 */
public record UpstreamCredential(String username, Secret password) {

  public UpstreamCredential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }
}
