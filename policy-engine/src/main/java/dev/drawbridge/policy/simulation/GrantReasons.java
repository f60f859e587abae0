package dev.drawbridge.policy.simulation;

/**
 * Tells a refusal worded by the grants from one a listener made before asking them. The policy
 * engine words every refusal it makes in one of three ways (a deny rule or a lapsed grant: {@code
 * grant '…' …}; nothing covers it: {@code needs …}; no grant admits the agent: {@code no grant lets
 * agent '…' …}); a listener's own refusals (a masked column used where it cannot be masked, a name
 * the search path cannot resolve) are worded otherwise, and no set of grants changes them.
 */
final class GrantReasons {

  private GrantReasons() {}

  /** Whether {@code reason} is one the grants give. */
  static boolean fromGrants(String reason) {
    return reason.startsWith("grant '")
        || reason.startsWith("needs ")
        || reason.startsWith("no grant lets agent '");
  }
}
