package dev.drawbridge.policy.approval;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Identity;
import java.util.List;

/**
 * The grants in force: those of the configuration file (read only) and those created at run time,
 * which an {@code admin} may revoke.
 */
public interface GrantDesk {

  /** The configuration file's grants, in the file's order. */
  List<GrantConfig> configured();

  /** The run-time grants that have not lapsed or been revoked, oldest first. */
  List<TemporaryGrant> temporary();

  /** Revokes a run-time grant at once; the file's grants are changed in the file. */
  DeskAnswer<TemporaryGrant> revoke(String id, Identity actor, String reason);
}
