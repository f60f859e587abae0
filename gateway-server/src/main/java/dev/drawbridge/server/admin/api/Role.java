package dev.drawbridge.server.admin.api;

import dev.drawbridge.core.model.Identity;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The admin API's roles, as an issuer's {@code rolesClaim} lists them. {@code admin} holds every
 * role ({@link Identity#hasRole}).
 */
public enum Role {
  /** Everything, including revoking grants. */
  ADMIN,
  /** Decides held statements: approve or deny. */
  APPROVER,
  /** Starts access review campaigns and decides their items; reads grants. */
  REVIEWER,
  /** Reads approvals and grants. */
  AUDITOR;

  /** The word in the token's roles claim: {@code approver}. */
  public String claim() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role a claim names, if any. */
  public static Optional<Role> of(String claim) {
    for (Role role : values()) {
      if (role.claim().equals(claim)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** Every role's claim word, in declaration order. */
  public static List<String> claims() {
    return java.util.Arrays.stream(values()).map(Role::claim).toList();
  }
}
