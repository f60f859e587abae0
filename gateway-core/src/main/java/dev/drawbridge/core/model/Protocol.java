package dev.drawbridge.core.model;

import java.util.Locale;

/** The agent-facing protocols. */
public enum Protocol {
  POSTGRES,
  HTTP,
  SSH;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
