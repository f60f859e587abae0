package dev.drawbridge.core.model;

/** How an identity was established. */
public enum AuthMethod {
  /** A JWT signed by a configured issuer (OIDC or Drawbridge itself). */
  JWT,
  /** A static agent key whose SHA-256 is in the configuration. */
  AGENT_KEY
}
